package runner

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/proofrun/proofrun/internal/driver"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/rundir"
	"github.com/proofrun/proofrun/internal/scenario"
)

// browsers are the run's Chromiums: with browser.per_worker (the default;
// measured faster on 2 cores, BENCHMARKS.md) one per worker, else one that
// the workers share. A remote browser gets one connection per slot. Every
// scenario gets its own incognito context; a browser that dies is
// relaunched, and the run goes on. It is the run's ScenarioRunner.
type browsers struct {
	ctx   context.Context
	opts  driver.Options
	run   *rundir.Run // where screenshots go
	slots chan *slot  // the free ones: a scenario takes one, runs, gives it back

	mu  sync.Mutex
	all []*slot
	log []string
}

// slot holds a browser; shared by the workers when there is one slot.
type slot struct {
	mu  sync.Mutex
	cur *driver.Browser // nil: the relaunch after a crash failed
	gen int             // bumped on every relaunch, so one crash seen twice relaunches once
}

// newBrowsers launches n browsers (n slots), or one shared by every worker
// when n is 1 and workers more.
func newBrowsers(ctx context.Context, opts driver.Options, run *rundir.Run, n, workers int) (*browsers, error) {
	p := &browsers{ctx: ctx, opts: opts, run: run, slots: make(chan *slot, workers)}
	for range n {
		b, err := driver.Launch(ctx, opts)
		if err != nil {
			return nil, errors.Join(err, p.close())
		}
		p.all = append(p.all, &slot{cur: b})
	}
	for i := range workers {
		p.slots <- p.all[i%n]
	}
	return p, nil
}

// Run runs one scenario on a free browser and relaunches that browser when
// the scenario lost it; the scenario itself stays an error row.
func (p *browsers) Run(ctx context.Context, sc *scenario.Scenario) driver.Outcome {
	s := <-p.slots
	defer func() { p.slots <- s }()
	s.mu.Lock()
	b, gen := s.cur, s.gen
	s.mu.Unlock()
	if b == nil {
		return driver.Outcome{Result: proof.Error, Reason: "no browser: the relaunch after a crash failed"}
	}
	out := b.Run(ctx, sc, artefacts{run: p.run, scenario: sc.ID})
	if out.BrowserLost && ctx.Err() == nil {
		p.relaunch(s, gen, sc.ID, out.Reason)
	}
	return out
}

func (p *browsers) relaunch(s *slot, gen int, scenarioID, why string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if gen != s.gen {
		return
	}
	s.gen++
	var closeErr error
	if s.cur != nil {
		closeErr = s.cur.Close()
	}
	b, err := driver.Launch(p.ctx, p.opts)
	s.cur = b
	msg := fmt.Sprintf("browser lost during %s (%s); relaunched, run continued", scenarioID, why)
	if err != nil {
		s.cur = nil
		msg = fmt.Sprintf("browser lost during %s (%s); relaunch failed: %v", scenarioID, why, err)
	}
	p.note(msg)
	if closeErr != nil {
		p.note("closing the lost browser: " + closeErr.Error())
	}
}

func (p *browsers) note(msg string) {
	p.mu.Lock()
	p.log = append(p.log, msg)
	p.mu.Unlock()
}

func (p *browsers) events() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.log...)
}

// close shuts every Chromium down and removes its profile; safe to call
// twice and from the interrupt handler. The error says what was left
// behind (a process, a profile directory).
func (p *browsers) close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var errs []error
	for _, s := range p.all {
		s.mu.Lock()
		if s.cur != nil {
			errs = append(errs, s.cur.Close())
			s.cur = nil
		}
		s.mu.Unlock()
	}
	return errors.Join(errs...)
}

// artefacts saves a scenario's screenshots into the run directory.
type artefacts struct {
	run      *rundir.Run
	scenario string
}

func (a artefacts) Screenshot(name string, png []byte) (string, error) {
	return a.run.Screenshot(a.scenario, name, png)
}

// Trace stores the scenario's trace file.
func (a artefacts) Trace(record []byte) (string, error) {
	return a.run.Trace(a.scenario, record)
}

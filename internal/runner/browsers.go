package runner

import (
	"context"
	"fmt"
	"sync"

	"github.com/proofrun/proofrun/internal/driver"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/scenario"
)

// browsers is the run's Chromium, shared by the workers (each scenario gets
// its own incognito context), relaunched when it dies.
type browsers struct {
	ctx  context.Context
	opts driver.Options

	mu  sync.Mutex
	cur *driver.Browser
	gen int // bumped on every relaunch, so one crash seen by two workers relaunches once
	log []string
}

func newBrowsers(ctx context.Context, opts driver.Options) (*browsers, error) {
	b, err := driver.Launch(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &browsers{ctx: ctx, opts: opts, cur: b}, nil
}

// run runs one scenario on the current browser and relaunches the browser
// when the scenario lost it; the scenario itself stays an error row.
func (p *browsers) run(ctx context.Context, sc *scenario.Scenario, art driver.Artefacts) driver.Outcome {
	p.mu.Lock()
	b, gen := p.cur, p.gen
	p.mu.Unlock()
	if b == nil {
		return driver.Outcome{Result: proof.Error, Reason: "no browser: the relaunch after a crash failed"}
	}
	out := b.Run(ctx, sc, art)
	if out.BrowserLost && ctx.Err() == nil {
		p.relaunch(gen, sc.ID, out.Reason)
	}
	return out
}

func (p *browsers) relaunch(gen int, scenarioID, why string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if gen != p.gen {
		return
	}
	p.gen++
	if p.cur != nil {
		_ = p.cur.Close()
	}
	b, err := driver.Launch(p.ctx, p.opts)
	if err != nil {
		p.cur = nil
		p.log = append(p.log, fmt.Sprintf("browser lost during %s (%s); relaunch failed: %v", scenarioID, why, err))
		return
	}
	p.cur = b
	p.log = append(p.log, fmt.Sprintf("browser lost during %s (%s); relaunched, run continued", scenarioID, why))
}

func (p *browsers) events() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.log...)
}

// close shuts Chromium down and removes its profile; safe to call twice and
// from the interrupt handler.
func (p *browsers) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cur != nil {
		_ = p.cur.Close()
		p.cur = nil
	}
}

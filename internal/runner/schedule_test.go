package runner

import (
	"context"
	"errors"
	"fmt"
	"sync"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/driver"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/scenario"
)

// fakeRunner stands in for the Chromium pool. Scenarios are proven unless
// outcomes says otherwise (one outcome per attempt, the last repeating);
// held ones run until the run's context ends. With meet set, parallel
// scenarios wait until that many run at once, so a test sees the workers
// overlap without timing anything.
type fakeRunner struct {
	outcomes map[string][]driver.Outcome
	held     map[string]bool
	meet     int
	started  chan string // every attempt's scenario id, as it starts

	mu       sync.Mutex
	running  int
	most     int  // the most scenarios running at once
	serial   bool // a serial scenario is running
	shared   bool // a serial scenario ran beside another
	attempts map[string]int
	met      chan struct{}
}

func newFake() *fakeRunner {
	return &fakeRunner{outcomes: map[string][]driver.Outcome{}, held: map[string]bool{},
		started: make(chan string, 100), attempts: map[string]int{}, met: make(chan struct{})}
}

func (f *fakeRunner) Run(ctx context.Context, sc *scenario.Scenario) driver.Outcome {
	f.mu.Lock()
	f.running++
	f.most = max(f.most, f.running)
	if f.serial || sc.Serial && f.running > 1 {
		f.shared = true
	}
	f.serial = f.serial || sc.Serial
	n := f.attempts[sc.ID]
	f.attempts[sc.ID]++
	if f.meet > 0 && f.running == f.meet {
		close(f.met)
		f.meet = 0
	}
	wait := f.meet > 0 && !sc.Serial
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.running--
		if sc.Serial {
			f.serial = false
		}
		f.mu.Unlock()
	}()
	f.started <- sc.ID

	interrupted := driver.Outcome{Result: proof.Error, Reason: "interrupted", Interrupted: true}
	if f.held[sc.ID] {
		<-ctx.Done()
		return interrupted
	}
	if wait {
		select {
		case <-f.met:
		case <-ctx.Done():
			return interrupted
		}
	}
	outs := f.outcomes[sc.ID]
	if len(outs) == 0 {
		return driver.Outcome{Result: proof.Proven}
	}
	return outs[min(n, len(outs)-1)]
}

// sink collects the rows a scheduler records.
type sink struct {
	mu   sync.Mutex
	rows map[string]proof.Row
}

func (s *sink) record(sc *scenario.Scenario, row proof.Row, _ []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	Expect(s.rows).NotTo(HaveKey(sc.ID), "one row per scenario")
	s.rows[sc.ID] = row
}

func (s *sink) get() map[string]proof.Row {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rows
}

func plan(ids ...string) []*scenario.Scenario {
	var out []*scenario.Scenario
	for _, id := range ids {
		out = append(out, &scenario.Scenario{ID: id})
	}
	return out
}

var _ = Describe("scheduler", func() {
	var (
		fake  *fakeRunner
		rows  *sink
		sched *scheduler
	)
	BeforeEach(func() {
		fake = newFake()
		rows = &sink{rows: map[string]proof.Row{}}
		sched = &scheduler{runner: fake, workers: 1, record: rows.record}
	})

	It("runs parallel scenarios on every worker, then each serial one alone", func(ctx SpecContext) {
		p := plan("par-0", "par-1", "par-2", "par-3")
		for i := range 3 {
			p = append(p, &scenario.Scenario{ID: fmt.Sprintf("serial-%d", i), Serial: true})
		}
		sched.workers, fake.meet = 2, 2
		sched.execute(ctx, p)
		Expect(rows.get()).To(HaveLen(7))
		for id, r := range rows.get() {
			Expect(r.Result).To(Equal(proof.Proven), id)
			Expect(r.Attempts).To(Equal(1), id)
		}
		Expect(fake.most).To(Equal(2), "two workers run two scenarios at once, never more")
		Expect(fake.shared).To(BeFalse(), "a serial scenario shared the target")
	}, NodeTimeout(defaultWait))

	It("runs as many at once as there are workers, not more", func(ctx SpecContext) {
		sched.workers, fake.meet = 3, 3
		sched.execute(ctx, plan("a", "b", "c", "d", "e", "f"))
		Expect(rows.get()).To(HaveLen(6))
		Expect(fake.most).To(Equal(3))
	}, NodeTimeout(defaultWait))

	It("retries a failed proof: proven on a retry is flaky, failed on every attempt is failed", func(ctx SpecContext) {
		failed := driver.Outcome{Result: proof.Failed, FailingStep: "1 see: ok", Reason: "missing",
			Evidence: []string{"screenshots/flaky/01-failure.png"}, Trace: "trace/flaky.json"}
		fake.outcomes["flaky"] = []driver.Outcome{failed, {Result: proof.Proven}}
		fake.outcomes["broken"] = []driver.Outcome{failed}
		sched.retries = 2
		sched.execute(ctx, plan("flaky", "broken", "steady"))
		got := rows.get()
		Expect(got["flaky"].Result).To(Equal(proof.Flaky))
		Expect(got["flaky"].Attempts).To(Equal(2))
		Expect(got["flaky"].Retried).To(HaveLen(1), "the row keeps the attempt the retry replaced")
		first := got["flaky"].Retried[0]
		Expect(first.Result).To(Equal(proof.Failed))
		Expect(first.FailingStep).To(Equal("1 see: ok"))
		Expect(first.Reason).To(Equal("missing"))
		Expect(first.Start).NotTo(BeZero())
		Expect(first.Evidence).To(ConsistOf("screenshots/flaky/01-failure.png"))
		Expect(first.Trace).To(Equal("trace/flaky.json"), "each attempt keeps its own trace")
		Expect(got["broken"].Retried).To(HaveLen(2), "every replaced attempt, oldest first")
		Expect(got["steady"].Retried).To(BeEmpty())
		Expect(got["broken"].Result).To(Equal(proof.Failed))
		Expect(got["broken"].Attempts).To(Equal(3))
		Expect(got["steady"].Attempts).To(Equal(1))
		Expect(fake.attempts).To(Equal(map[string]int{"flaky": 2, "broken": 3, "steady": 1}))
	}, NodeTimeout(defaultWait))

	It("starts nothing after a failure with --fail-fast", func(ctx SpecContext) {
		fake.outcomes["b"] = []driver.Outcome{{Result: proof.Failed, Reason: "no"}}
		sched.failFast = true
		sched.execute(ctx, plan("a", "b", "c", "d"))
		got := rows.get()
		Expect(got["a"].Result).To(Equal(proof.Proven))
		Expect(got["b"].Result).To(Equal(proof.Failed))
		for _, id := range []string{"c", "d"} {
			Expect(got[id].Result).To(Equal(proof.NotRun), id)
			Expect(got[id].Reason).To(Equal("not run: --fail-fast: b failed"), id)
		}
	}, NodeTimeout(defaultWait))

	DescribeTable("on interrupt or run timeout, ends the scenario in flight as an error and runs no other",
		func(ctx SpecContext, cause error, reason string) {
			run, stop := context.WithCancelCause(ctx)
			defer stop(nil)
			fake.held["b"] = true
			done := make(chan struct{})
			go func() {
				defer close(done)
				sched.execute(run, plan("a", "b", "c", "d"))
			}()
			Eventually(fake.started).Should(Receive(Equal("a")))
			Eventually(fake.started).Should(Receive(Equal("b")))
			stop(cause)
			Eventually(done).Should(BeClosed())
			got := rows.get()
			Expect(got).To(HaveLen(4))
			Expect(got["a"].Result).To(Equal(proof.Proven))
			Expect(got["b"].Result).To(Equal(proof.Error))
			Expect(got["b"].Reason).To(Equal("interrupted: " + reason))
			for _, id := range []string{"c", "d"} {
				Expect(got[id].Result).To(Equal(proof.NotRun), id)
				Expect(got[id].Reason).To(Equal("not run: "+reason), id)
			}
			Expect(fake.attempts).NotTo(HaveKey("c"))
		},
		Entry("interrupt", fmt.Errorf("%w by interrupt", errInterrupted), "interrupted by interrupt", NodeTimeout(defaultWait)),
		Entry("run timeout", errors.New("run timeout 8s"), "run timeout 8s", NodeTimeout(defaultWait)),
	)

	It("runs nothing when the run ended before it started, and says why", func(ctx SpecContext) {
		run, stop := context.WithCancelCause(ctx)
		stop(errors.New("run timeout 1s"))
		p := plan("a", "b")
		p = append(p, &scenario.Scenario{ID: "s", Serial: true})
		sched.workers = 2
		sched.execute(run, p)
		Expect(fake.attempts).To(BeEmpty())
		Expect(rows.get()).To(HaveLen(3))
		for id, r := range rows.get() {
			Expect(r.Result).To(Equal(proof.NotRun), id)
			Expect(r.Reason).To(Equal("not run: run timeout 1s"), id)
		}
	}, NodeTimeout(defaultWait))
})

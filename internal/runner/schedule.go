package runner

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/proofrun/proofrun/internal/driver"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/scenario"
)

// ScenarioRunner runs one attempt at one scenario and says what it proved:
// in a run, the Chromium pool (browsers); in tests, a fake.
type ScenarioRunner interface {
	Run(ctx context.Context, sc *scenario.Scenario) driver.Outcome
}

// scheduler runs a plan on a ScenarioRunner and hands each scenario's row
// to record as the scenario ends. record is called from several workers
// at once.
type scheduler struct {
	runner   ScenarioRunner
	workers  int
	retries  int
	failFast bool
	// record takes a scenario's row and the run-level events its attempts
	// reported.
	record func(sc *scenario.Scenario, row proof.Row, events []string)
}

// execute runs the parallel scenarios on every worker, then the serial ones
// one at a time, so a scenario that counts or changes the target's records
// never overlaps another. Scenarios not started (interrupt, run timeout,
// --fail-fast) are recorded as not run.
func (s *scheduler) execute(ctx context.Context, plan []*scenario.Scenario) {
	// dispatch stops handing out scenarios on interrupt, run timeout or
	// --fail-fast; scenarios already running finish (or end on ctx).
	dispatch, stopDispatch := context.WithCancelCause(ctx)
	defer stopDispatch(nil)
	var parallel, serial []*scenario.Scenario
	for _, sc := range plan {
		if sc.Serial {
			serial = append(serial, sc)
		} else {
			parallel = append(parallel, sc)
		}
	}
	notStarted := s.dispatch(ctx, dispatch, stopDispatch, parallel, s.workers)
	notStarted = append(notStarted, s.dispatch(ctx, dispatch, stopDispatch, serial, 1)...)
	for _, sc := range notStarted {
		row := notRun(context.Cause(dispatch))
		row.Start = time.Now()
		s.record(sc, row, nil)
	}
}

// dispatch hands scenarios to workers until they are done or dispatch ends,
// and returns the scenarios it did not start.
func (s *scheduler) dispatch(ctx, dispatch context.Context, stop context.CancelCauseFunc, scenarios []*scenario.Scenario, workers int) []*scenario.Scenario {
	jobs := make(chan *scenario.Scenario)
	var wg sync.WaitGroup
	for range min(workers, len(scenarios)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for sc := range jobs {
				if s.one(ctx, sc) == proof.Failed && s.failFast {
					stop(fmt.Errorf("--fail-fast: %s failed", sc.ID))
				}
			}
		}()
	}
	defer func() {
		close(jobs)
		wg.Wait()
	}()
	for i, sc := range scenarios {
		if dispatch.Err() != nil {
			return scenarios[i:]
		}
		select {
		case jobs <- sc:
		case <-dispatch.Done():
			return scenarios[i:]
		}
	}
	return nil
}

// one runs a scenario with its retries and records its row.
func (s *scheduler) one(ctx context.Context, sc *scenario.Scenario) proof.Result {
	start := time.Now()
	var t tries
	for {
		at := time.Now()
		out := s.runner.Run(ctx, sc)
		t.add(out, at, time.Since(at))
		if !t.again(s.retries, ctx.Err() != nil) {
			break
		}
	}
	row := classify(sc, t, s.retries, context.Cause(ctx))
	row.Start, row.DurationMS = start, time.Since(start).Milliseconds()
	s.record(sc, row, t.events)
	return row.Result
}

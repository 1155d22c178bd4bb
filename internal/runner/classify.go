package runner

import (
	"fmt"
	"time"

	"github.com/proofrun/proofrun/internal/driver"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/scenario"
)

// tries is what the attempts at one scenario came to.
type tries struct {
	last         driver.Outcome
	count        int
	firstFailure string          // "failing step: reason" of the first failed attempt
	events       []string        // every attempt's
	all          []proof.Attempt // every attempt, oldest first; a row keeps those a retry replaced
}

// add records an attempt that started at start and took took.
func (t *tries) add(out driver.Outcome, start time.Time, took time.Duration) {
	t.count++
	t.last = out
	t.all = append(t.all, proof.Attempt{
		Result: out.Result, FailingStep: out.FailingStep, Reason: out.Reason, Findings: out.Findings,
		Evidence: out.Evidence, Steps: out.Steps, Trace: out.Trace, Start: start, DurationMS: took.Milliseconds(),
	})
	t.events = append(t.events, out.Events...)
	if out.Result == proof.Failed && t.firstFailure == "" {
		t.firstFailure = out.FailingStep + ": " + out.Reason
	}
}

// again tells whether the scenario gets another attempt: only a failed
// proof is retried, while retries are left and the run goes on.
func (t *tries) again(retries int, stopped bool) bool {
	return t.last.Result == proof.Failed && !stopped && t.count <= retries
}

// classify turns a scenario's attempts into its row (without timing): the
// last attempt's result (the ones before it kept as Retried), flaky when it was proven after a failure, an
// error of a stopped run saying why (stop: the run context's cause, nil
// while it runs), a deferred scenario's proof or failure as deferred, and a
// matrix cell with the status the last attempt observed.
func classify(sc *scenario.Scenario, t tries, retries int, stop error) proof.Row {
	out := t.last
	row := proof.Row{
		Result: out.Result, FailingStep: out.FailingStep, Reason: out.Reason, Findings: out.Findings,
		Evidence: out.Evidence, Steps: out.Steps, Trace: out.Trace, Attempts: t.count, WaitMS: out.WaitMS,
	}
	if len(t.all) > 1 {
		row.Retried = t.all[:len(t.all)-1]
	}
	if out.Result == proof.Proven && t.count > 1 {
		row.Result = proof.Flaky
		row.Reason = fmt.Sprintf("proven on attempt %d of %d; first failure: %s", t.count, retries+1, t.firstFailure)
	}
	if out.Result == proof.Error && stop != nil {
		row.Reason = "interrupted: " + stop.Error()
	}
	if sc.Deferred != "" && (row.Result == proof.Proven || row.Result == proof.Failed || row.Result == proof.Flaky) {
		if row.Result != proof.Proven && row.Reason != "" {
			row.Reason = "deferred (" + string(row.Result) + ": " + row.Reason + ")"
		}
		row.Result = proof.Deferred
	}
	if sc.Matrix != nil {
		cell := *sc.Matrix
		cell.Observed = out.Observed
		row.Matrix = &cell
	}
	return row
}

// notRun is the row of a scenario that never started; stop is why the run
// stopped handing out scenarios, if it did.
func notRun(stop error) proof.Row {
	if stop == nil {
		return proof.Row{Result: proof.NotRun, Reason: "not run"}
	}
	return proof.Row{Result: proof.NotRun, Reason: "not run: " + stop.Error()}
}

// abandoned is the row of every scenario of a run that could not start
// (why: the target, the browser): an error, or not run when the run was
// stopped first (stop: the run context's cause, nil while it runs).
func abandoned(why, stop error) proof.Row {
	if stop != nil {
		return notRun(stop)
	}
	return proof.Row{Result: proof.Error, Reason: why.Error()}
}

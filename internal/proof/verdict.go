package proof

import "strconv"

// Verdict is a run's one-word judgement, shown first in every output.
type Verdict string

// The verdicts, from worst to best.
const (
	VerdictFail        Verdict = "FAIL"        // the product contradicted a scenario
	VerdictError       Verdict = "ERROR"       // a proof could not be made (infrastructure, not run, nothing proven)
	VerdictIncomplete  Verdict = "INCOMPLETE"  // a merge of only some shards (--allow-partial)
	VerdictInterrupted Verdict = "INTERRUPTED" // stopped by a signal
	VerdictDeferred    Verdict = "PASS WITH DEFERRED"
	VerdictPass        Verdict = "PASS"
)

// The documented exit codes (cmd/proofrun and package exitcode use them).
const (
	ExitOK          = 0
	ExitFailed      = 1
	ExitInvalid     = 2
	ExitInfra       = 3
	ExitInterrupted = 130
)

// Tally is what a verdict is decided from: scenarios (not rows) per result,
// planned scenarios without a result counted as NotRun.
type Tally struct {
	Counts      map[Result]int
	Interrupted bool // the run was stopped by a signal
	Partial     bool // merged from only some of the plan's shards
	FailOnFlaky bool // --fail-on-flaky: a flaky scenario fails the run
}

// Judgement is a run's verdict and the exit code that goes with it.
type Judgement struct {
	Verdict  Verdict `json:"verdict"`
	ExitCode int     `json:"exit_code"`
	// Why is one line saying what decided it ("2 scenario(s) failed").
	Why string `json:"why,omitempty"`
}

// Judge is the one function that turns a run's results into its verdict and
// exit code; the runner, every report and merge use it, so they cannot
// disagree. Order: an interrupt outranks everything (130); a product
// failure outranks an infrastructure error, since it is a fact about the
// product; any scenario that could not be proven (error, not run) or a run
// that proved nothing at all is an error (3), never a pass.
func Judge(t Tally) Judgement {
	n := func(r Result) int { return t.Counts[r] }
	ran := 0
	for _, c := range t.Counts {
		ran += c
	}
	proven := n(Proven) + n(Flaky) + n(Deferred)
	switch {
	case t.Interrupted:
		return Judgement{VerdictInterrupted, ExitInterrupted, "interrupted"}
	case n(Failed) > 0:
		return Judgement{VerdictFail, ExitFailed, plural(n(Failed), "failed")}
	case n(Error) > 0:
		return Judgement{VerdictError, ExitInfra, plural(n(Error), "could not be proven (error)")}
	case n(NotRun) > 0:
		return Judgement{VerdictError, ExitInfra, plural(n(NotRun), "not run")}
	case ran == 0 || proven == 0:
		return Judgement{VerdictError, ExitInfra, "no scenario was proven"}
	case t.FailOnFlaky && n(Flaky) > 0:
		return Judgement{VerdictFail, ExitFailed, plural(n(Flaky), "flaky (--fail-on-flaky)")}
	case t.Partial:
		return Judgement{VerdictIncomplete, ExitInfra, "merged from only some shards (--allow-partial)"}
	case n(Deferred) > 0:
		return Judgement{VerdictDeferred, ExitOK, plural(n(Deferred), "deferred")}
	}
	return Judgement{VerdictPass, ExitOK, ""}
}

func plural(n int, what string) string {
	return strconv.Itoa(n) + " scenario(s) " + what
}

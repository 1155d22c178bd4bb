package report

import (
	"time"

	"github.com/proofrun/proofrun/internal/proof"
)

// Summary is summary.json: the verdict and the counts a dashboard needs.
type Summary struct {
	Verdict    proof.Verdict                   `json:"verdict"`
	ExitCode   int                             `json:"exit_code"`
	Why        string                          `json:"why,omitempty"` // what decided the verdict
	RunID      string                          `json:"run_id"`
	Target     string                          `json:"target"`
	Started    time.Time                       `json:"started"`
	Finished   time.Time                       `json:"finished"`
	DurationMS int64                           `json:"duration_ms"`
	Scenarios  int                             `json:"scenarios"` // scenarios that ran (produced rows)
	Rows       int                             `json:"rows"`
	NotRun     int                             `json:"not_run"` // planned scenarios that never ran
	Counts     map[proof.Result]int            `json:"counts"`  // scenarios per result
	Domains    map[string]map[proof.Result]int `json:"domains"` // scenarios per domain and result
	// Requirements is the proof map's length; Coverage counts them per class.
	Requirements int           `json:"requirements"`
	Coverage     map[Class]int `json:"coverage"`
	Interrupted  bool          `json:"interrupted,omitempty"`
	Baseline     *Diff         `json:"baseline,omitempty"`
}

// Summarize counts scenarios (not rows: a scenario proving three requirements
// is one scenario) and takes the verdict and exit code from proof.Judge.
func Summarize(meta proof.Meta, rows []proof.Row) Summary {
	scs := scenarios(meta, rows)
	return summarize(meta, rows, scs, buildProofMap(meta, scs))
}

func summarize(meta proof.Meta, rows []proof.Row, scs []*Scenario, pm *ProofMap) Summary {
	s := Summary{
		RunID: meta.RunID, Target: meta.Target, Started: meta.Started, Finished: meta.Finished,
		Rows: len(rows), Interrupted: meta.Interrupted,
		Counts: zeroCounts(), Domains: map[string]map[proof.Result]int{}, Coverage: map[Class]int{},
	}
	var last time.Time // the end of the last scenario, for a run that never finished
	for _, sc := range scs {
		s.Counts[sc.Result]++
		if s.Domains[sc.Domain] == nil {
			s.Domains[sc.Domain] = zeroCounts()
		}
		s.Domains[sc.Domain][sc.Result]++
		if sc.Result == proof.NotRun {
			s.NotRun++
			continue
		}
		s.Scenarios++
		if e := sc.Start.Add(time.Duration(sc.DurationMS) * time.Millisecond); e.After(last) {
			last = e
		}
	}
	end := meta.Finished
	if end.IsZero() {
		end = last
	}
	if !meta.Started.IsZero() && end.After(meta.Started) {
		s.DurationMS = end.Sub(meta.Started).Milliseconds()
	}
	s.Requirements = len(pm.Requirements)
	for _, c := range pm.Requirements {
		s.Coverage[c.Class]++
	}
	j := proof.Judge(proof.Tally{Counts: s.Counts, Interrupted: meta.Interrupted, FailOnFlaky: meta.FailOnFlaky, Partial: meta.Partial != ""})
	s.Verdict, s.ExitCode, s.Why = j.Verdict, j.ExitCode, j.Why
	return s
}

func zeroCounts() map[proof.Result]int {
	m := make(map[proof.Result]int, len(Results))
	for _, r := range Results {
		m[r] = 0
	}
	return m
}

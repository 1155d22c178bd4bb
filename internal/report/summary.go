package report

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/proofrun/proofrun/internal/proof"
)

// Summary is summary.json: the verdict and the counts a dashboard needs.
type Summary struct {
	// SchemaVersion changes when a field changes meaning (2: verdict from
	// proof.Judge, exit_code, failures, broken_requirements, report).
	SchemaVersion int                             `json:"schema_version"`
	Verdict       proof.Verdict                   `json:"verdict"`
	ExitCode      int                             `json:"exit_code"`
	Why           string                          `json:"why,omitempty"` // what decided the verdict
	RunID         string                          `json:"run_id"`
	Target        string                          `json:"target"`
	Started       time.Time                       `json:"started"`
	Finished      time.Time                       `json:"finished"`
	DurationMS    int64                           `json:"duration_ms"`
	Scenarios     int                             `json:"scenarios"` // scenarios that ran (produced rows)
	Rows          int                             `json:"rows"`
	NotRun        int                             `json:"not_run"` // planned scenarios that never ran
	Counts        map[proof.Result]int            `json:"counts"`  // scenarios per result
	Domains       map[string]map[proof.Result]int `json:"domains"` // scenarios per domain and result
	// Requirements is the proof map's length; Coverage counts them per class.
	Requirements int           `json:"requirements"`
	Coverage     map[Class]int `json:"coverage"`
	Interrupted  bool          `json:"interrupted,omitempty"`
	Baseline     *Diff         `json:"baseline,omitempty"`
	// Failures are the failed and errored scenarios, worst first, with where
	// to look; BrokenRequirements the requirements a failure contradicts.
	Failures           []Failure `json:"failures"`
	BrokenRequirements []string  `json:"broken_requirements"`
	Report             string    `json:"report,omitempty"` // the HTML report's path
}

// Failure is one scenario that did not pass, for CI.
type Failure struct {
	ID     string       `json:"id"`
	Result proof.Result `json:"result"`
	File   string       `json:"file,omitempty"` // the failing step's file and line
	Line   int          `json:"line,omitempty"`
	Reason string       `json:"reason"`
}

// ReadSummary reads the summary.json Build wrote in dir: what the terminal
// and CI show is what the run directory says.
func ReadSummary(dir string) (Summary, error) {
	var s Summary
	b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return s, fmt.Errorf("%s: %w", SummaryFile, err)
	}
	return s, nil
}

// summarySchema is Summary's SchemaVersion.
const summarySchema = 2

// Summarize counts scenarios (not rows: a scenario proving three requirements
// is one scenario) and takes the verdict and exit code from proof.Judge.
func Summarize(meta proof.Meta, rows []proof.Row) Summary {
	scs := Scenarios(meta, rows)
	return summarize(meta, rows, scs, buildProofMap(meta, scs))
}

func summarize(meta proof.Meta, rows []proof.Row, scs []*Scenario, pm *ProofMap) Summary {
	s := Summary{
		SchemaVersion: summarySchema,
		RunID:         meta.RunID, Target: meta.Target, Started: meta.Started, Finished: meta.Finished,
		Rows: len(rows), Interrupted: meta.Interrupted,
		Failures: []Failure{}, BrokenRequirements: []string{},
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
		if Failing(sc.Result) {
			file, line := FailingAt(sc)
			s.Failures = append(s.Failures, Failure{ID: sc.ScenarioID, Result: sc.Result, File: file, Line: line, Reason: problem(sc)})
		}
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
		if c.Class == DefectFound {
			s.BrokenRequirements = append(s.BrokenRequirements, c.ID)
		}
	}
	sort.SliceStable(s.Failures, func(i, j int) bool { return rank[s.Failures[i].Result] < rank[s.Failures[j].Result] })
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

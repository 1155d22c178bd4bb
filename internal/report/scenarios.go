package report

import (
	"sort"

	"github.com/proofrun/proofrun/internal/proof"
)

// Results lists every result in display order: the ones a reviewer must act
// on first.
var Results = []proof.Result{proof.Failed, proof.Error, proof.Flaky, proof.Deferred, proof.NotRun, proof.Skipped, proof.Proven}

// Scenario is one scenario of a run, folded from its rows (one per
// requirement) or, when it never ran, from its plan entry.
type Scenario struct {
	proof.Row
	Requirements []string
	// Result is the row's result, or NotRun.
	Result proof.Result
}

// Failing reports whether a result fails a run.
func Failing(r proof.Result) bool { return r == proof.Failed || r == proof.Error }

// Scenarios folds rows into scenarios and adds planned scenarios with no row,
// sorted by id so the order never depends on worker timing or shard order.
func Scenarios(meta proof.Meta, rows []proof.Row) []*Scenario {
	byID := map[string]*Scenario{}
	var out []*Scenario
	for _, r := range rows {
		s := byID[r.ScenarioID]
		if s == nil {
			s = &Scenario{Row: r, Result: r.Result}
			s.Requirement = ""
			byID[r.ScenarioID] = s
			out = append(out, s)
		}
		if r.Requirement != "" && !contains(s.Requirements, r.Requirement) {
			s.Requirements = append(s.Requirements, r.Requirement)
		}
	}
	for _, p := range meta.Plan {
		if byID[p.ID] != nil {
			continue
		}
		s := &Scenario{Result: proof.NotRun, Requirements: p.Proves, Row: proof.Row{
			ScenarioID: p.ID, Title: p.Title, Domain: p.Domain, State: p.State, Actor: p.Actor,
			File: p.File, Line: p.Line, Deferred: p.Deferred,
		}}
		byID[p.ID] = s
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ScenarioID < out[j].ScenarioID })
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

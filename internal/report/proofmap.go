package report

import (
	"sort"

	"github.com/proofrun/proofrun/internal/proof"
)

// stateOrder is the display order of the proof states (scenario.States),
// repeated here so a report builds from a run directory without the scenario
// loader. States it does not know follow, alphabetically.
var stateOrder = []string{
	"allowed", "unauthorized", "cross-workspace", "system-denied", "blocked", "stale", "expired",
	"partial", "failed", "conflict", "confirm-accepted", "confirm-cancelled", "first-click",
	"missing-context", "redaction",
}

// CellStatus is what a proof map cell says about a requirement in a state.
type CellStatus string

// Cell statuses, from worst to best: a cell is proven only when every
// scenario behind it is.
const (
	CellFailed   CellStatus = "failed"
	CellError    CellStatus = "error" // the proof could not be made: not a defect
	CellNotRun   CellStatus = "not run"
	CellDeferred CellStatus = "deferred"
	CellProven   CellStatus = "proven"
)

// Class is the spec 401 classification of a requirement.
type Class string

// The classifications. The first four are spec 401's (FR-401-002); the rest
// say why a requirement has no verdict.
const (
	FullyProven          Class = "Fully proven"
	ProvenExceptDeferred Class = "Proven except explicitly deferred state"
	ContractMissing      Class = "Product contract missing"
	DefectFound          Class = "Implementation defect found"
	// CouldNotProve: a scenario ended in error (browser, target, login), so
	// nothing is known about the product: never a defect.
	CouldNotProve      Class = "Could not be proven"
	Incomplete         Class = "Incomplete (some scenarios not run)"
	ClassNotRun        Class = "Not run"
	NotInThisRun       Class = "Not in this run" // the pack proves it, but this run's filters or shard left its scenarios out
	MissingProof       Class = "Missing proof"   // no scenario of the pack proves it
	NotBrowserProvable Class = "Not browser-provable"
)

// Classes lists the classifications in display order.
var Classes = []Class{FullyProven, ProvenExceptDeferred, ContractMissing, DefectFound, CouldNotProve, Incomplete, ClassNotRun, NotInThisRun, MissingProof, NotBrowserProvable}

// ProofMap is requirements x states.
type ProofMap struct {
	States       []string
	Requirements []*Coverage
}

// Coverage is one requirement's line of the proof map.
type Coverage struct {
	proof.Requirement
	// Catalogued is false for an id that rows cite but the catalogue lacks.
	Catalogued bool
	Cells      []*Cell // aligned with ProofMap.States; nil where no scenario proves it
	Class      Class
	Scenarios  []*Scenario
}

// Cell is one requirement in one state.
type Cell struct {
	Status    CellStatus
	Scenarios []*Scenario
}

// buildProofMap crosses the catalogue (or, when the run has none, the ids the
// scenarios cite) with the states of the scenarios that prove them.
func buildProofMap(meta proof.Meta, scs []*Scenario) *ProofMap {
	byReq := map[string][]*Scenario{}
	var cited []string
	states := map[string]bool{}
	for _, s := range scs {
		for _, id := range s.Requirements {
			if byReq[id] == nil {
				cited = append(cited, id)
			}
			byReq[id] = append(byReq[id], s)
			states[s.State] = true
		}
	}
	pm := &ProofMap{States: orderStates(states)}
	inPack := map[string]bool{}
	for _, id := range meta.PackProves {
		inPack[id] = true
	}
	known := map[string]bool{}
	for _, r := range meta.Requirements {
		known[r.ID] = true
		pm.Requirements = append(pm.Requirements, pm.coverage(r, true, byReq[r.ID], inPack[r.ID]))
	}
	sort.Strings(cited)
	for _, id := range cited {
		if !known[id] {
			pm.Requirements = append(pm.Requirements, pm.coverage(proof.Requirement{ID: id, Browser: true}, len(meta.Requirements) == 0, byReq[id], true))
		}
	}
	return pm
}

func orderStates(seen map[string]bool) []string {
	var out []string
	for _, s := range stateOrder {
		if seen[s] {
			out = append(out, s)
			delete(seen, s)
		}
	}
	var rest []string
	for s := range seen {
		rest = append(rest, s)
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// coverage is one requirement's line; inPack says whether some scenario of
// the pack (in this run or not) proves it.
func (pm *ProofMap) coverage(r proof.Requirement, catalogued bool, scs []*Scenario, inPack bool) *Coverage {
	c := &Coverage{Requirement: r, Catalogued: catalogued, Scenarios: scs, Cells: make([]*Cell, len(pm.States))}
	for i, st := range pm.States {
		for _, s := range scs {
			if s.State == st {
				if c.Cells[i] == nil {
					c.Cells[i] = &Cell{Status: CellProven}
				}
				c.Cells[i].Scenarios = append(c.Cells[i].Scenarios, s)
				c.Cells[i].Status = worse(c.Cells[i].Status, cellStatus(s.Result))
			}
		}
	}
	c.Class = classify(r, scs, inPack)
	return c
}

func cellStatus(r proof.Result) CellStatus {
	switch r {
	case proof.Failed:
		return CellFailed
	case proof.Error:
		return CellError
	case proof.Deferred:
		return CellDeferred
	case proof.Proven, proof.Flaky:
		return CellProven
	}
	return CellNotRun // skipped, not run
}

var cellRank = map[CellStatus]int{CellFailed: 0, CellError: 1, CellNotRun: 2, CellDeferred: 3, CellProven: 4}

func worse(a, b CellStatus) CellStatus {
	if cellRank[b] < cellRank[a] {
		return b
	}
	return a
}

// classify applies FR-401-002 to the scenarios of this run proving one
// requirement. Without any, it is missing proof only when no scenario of the
// pack proves it; a focused run or a shard just did not include them.
func classify(r proof.Requirement, scs []*Scenario, inPack bool) Class {
	if len(scs) == 0 {
		switch {
		case !r.Browser:
			return NotBrowserProvable
		case inPack:
			return NotInThisRun
		}
		return MissingProof
	}
	n := map[CellStatus]int{}
	for _, s := range scs {
		n[cellStatus(s.Result)]++
	}
	switch {
	case n[CellFailed] > 0:
		return DefectFound
	case n[CellError] > 0:
		return CouldNotProve
	case n[CellNotRun] > 0 && n[CellProven]+n[CellDeferred] > 0:
		return Incomplete
	case n[CellNotRun] > 0:
		return ClassNotRun
	case n[CellDeferred] == 0:
		return FullyProven
	case n[CellProven] > 0:
		return ProvenExceptDeferred
	}
	return ContractMissing
}

package report

import (
	"slices"
	"sort"

	"github.com/proofrun/proofrun/internal/proof"
)

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
	Requirements []*Coverage
}

// Coverage is one requirement's line of the proof map.
type Coverage struct {
	proof.Requirement
	// Catalogued is false for an id that rows cite but the catalogue lacks.
	Catalogued bool
	Cells      []*Cell // the states some scenario proves it in, in the catalogue's order of states
	Class      Class
	Scenarios  []*Scenario
}

// Cell is one requirement in one state.
type Cell struct {
	State     string
	Status    CellStatus
	Scenarios []*Scenario
}

// Problem reports whether a reviewer must act on a class: a defect, a proof
// that could not be made or was not made, or a missing contract.
func (c Class) Problem() bool {
	switch c {
	case DefectFound, CouldNotProve, Incomplete, ClassNotRun, MissingProof, ContractMissing:
		return true
	}
	return false
}

// buildProofMap crosses the catalogue (or, when the run has none, the ids the
// Scenarios cite) with the states of the scenarios that prove them.
func buildProofMap(meta proof.Meta, scs []*Scenario) *ProofMap {
	byReq := map[string][]*Scenario{}
	var cited []string
	for _, s := range scs {
		for _, id := range s.Requirements {
			if byReq[id] == nil {
				cited = append(cited, id)
			}
			byReq[id] = append(byReq[id], s)
		}
	}
	pm := &ProofMap{}
	inPack := map[string]bool{}
	for _, id := range meta.PackProves {
		inPack[id] = true
	}
	known := map[string]bool{}
	for _, r := range meta.Requirements {
		known[r.ID] = true
		pm.Requirements = append(pm.Requirements, coverage(r, true, byReq[r.ID], inPack[r.ID], meta.States))
	}
	sort.Strings(cited)
	for _, id := range cited {
		if !known[id] {
			pm.Requirements = append(pm.Requirements, coverage(proof.Requirement{ID: id, Browser: true}, len(meta.Requirements) == 0, byReq[id], true, meta.States))
		}
	}
	return pm
}

// Split returns the requirements a browser can prove (the catalogue's order)
// and, apart, those it cannot: a reviewer reads the first and only checks
// the second.
func (pm *ProofMap) Split() (provable, notProvable []*Coverage) {
	for _, c := range pm.Requirements {
		if c.Class == NotBrowserProvable {
			notProvable = append(notProvable, c)
		} else {
			provable = append(provable, c)
		}
	}
	return provable, notProvable
}

// stateLess orders states by order, the catalogue's states (the run's meta
// carries them, so a report builds from a run directory without the
// scenario loader); states it does not declare follow, alphabetically.
func stateLess(order []string, a, b string) bool {
	ra, rb := stateIndex(order, a), stateIndex(order, b)
	if ra != rb {
		return ra < rb
	}
	return a < b
}

func stateIndex(order []string, s string) int {
	if i := slices.Index(order, s); i >= 0 {
		return i
	}
	return len(order)
}

// coverage is one requirement's line; inPack says whether some scenario of
// the pack (in this run or not) proves it; states orders its cells.
func coverage(r proof.Requirement, catalogued bool, scs []*Scenario, inPack bool, states []string) *Coverage {
	c := &Coverage{Requirement: r, Catalogued: catalogued, Scenarios: scs}
	byState := map[string]*Cell{}
	for _, s := range scs {
		cell := byState[s.State]
		if cell == nil {
			cell = &Cell{State: s.State, Status: CellProven}
			byState[s.State] = cell
			c.Cells = append(c.Cells, cell)
		}
		cell.Scenarios = append(cell.Scenarios, s)
		cell.Status = worse(cell.Status, cellStatus(s.Result))
	}
	sort.Slice(c.Cells, func(i, j int) bool { return stateLess(states, c.Cells[i].State, c.Cells[j].State) })
	c.Class = classify(r, scs, inPack)
	return c
}

// Entry is one name a proof map cell shows: a scenario, or the proven cells
// of one authorization matrix folded into a count (a discovered matrix
// proves a state with dozens of cells; the failing ones stay named).
type Entry struct {
	Scenario *Scenario // nil for a folded matrix
	Matrix   string
	Count    int
	Result   proof.Result
}

// Entries lists what a cell shows, worst result first, then by id.
func (c *Cell) Entries() []Entry {
	var out []Entry
	folded := map[string]int{} // matrix id -> index in out
	for _, s := range c.Scenarios {
		if s.Matrix == nil || s.Result != proof.Proven {
			out = append(out, Entry{Scenario: s, Result: s.Result})
			continue
		}
		i, ok := folded[s.Matrix.Matrix]
		if !ok {
			i = len(out)
			folded[s.Matrix.Matrix] = i
			out = append(out, Entry{Matrix: s.Matrix.Matrix, Result: proof.Proven})
		}
		out[i].Count++
	}
	sort.SliceStable(out, func(i, j int) bool {
		if rank[out[i].Result] != rank[out[j].Result] {
			return rank[out[i].Result] < rank[out[j].Result]
		}
		return out[i].name() < out[j].name()
	})
	return out
}

func (e Entry) name() string {
	if e.Scenario != nil {
		return e.Scenario.ScenarioID
	}
	return e.Matrix
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

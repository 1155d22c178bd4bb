package report

import "sort"

// Matrix is one authorization matrix (spec 402): actor x case, expected vs
// observed status.
type Matrix struct {
	ID         string
	Actors     []string
	Cases      []*MatrixCase
	Mismatches int
	Failed     int // cells whose scenario did not pass
	Total      int // cells checked
}

// MatrixCase is one row of a matrix; Cells align with Matrix.Actors and are
// nil where the actor was not checked.
type MatrixCase struct {
	Name  string
	Cells []*Scenario
}

// Mismatch reports whether a matrix scenario saw another status than the
// matrix expects.
func (s *Scenario) Mismatch() bool {
	return s.Matrix != nil && s.Matrix.Expected != s.Matrix.Observed
}

// buildMatrices groups the matrix scenarios by matrix id. Actors and cases
// are sorted so a merged run draws the same table as a single one.
func buildMatrices(scs []*Scenario) []*Matrix {
	byID := map[string][]*Scenario{}
	var ids []string
	for _, s := range scs {
		if s.Matrix == nil {
			continue
		}
		if byID[s.Matrix.Matrix] == nil {
			ids = append(ids, s.Matrix.Matrix)
		}
		byID[s.Matrix.Matrix] = append(byID[s.Matrix.Matrix], s)
	}
	sort.Strings(ids)
	out := make([]*Matrix, 0, len(ids))
	for _, id := range ids {
		out = append(out, newMatrix(id, byID[id]))
	}
	// Matrices with a failed cell come first: they are what a reviewer
	// reads the section for (a discovered matrix has dozens).
	sort.SliceStable(out, func(i, j int) bool { return out[i].Failed > 0 && out[j].Failed == 0 })
	return out
}

func newMatrix(id string, scs []*Scenario) *Matrix {
	m := &Matrix{ID: id}
	actor := map[string]int{}
	cases := map[string]*MatrixCase{}
	for _, s := range scs {
		if _, ok := actor[s.Matrix.Actor]; !ok {
			actor[s.Matrix.Actor] = 0
			m.Actors = append(m.Actors, s.Matrix.Actor)
		}
		if cases[s.Matrix.Case] == nil {
			cases[s.Matrix.Case] = &MatrixCase{Name: s.Matrix.Case}
			m.Cases = append(m.Cases, cases[s.Matrix.Case])
		}
	}
	sort.Strings(m.Actors)
	for i, a := range m.Actors {
		actor[a] = i
	}
	sort.Slice(m.Cases, func(i, j int) bool { return m.Cases[i].Name < m.Cases[j].Name })
	for _, c := range m.Cases {
		c.Cells = make([]*Scenario, len(m.Actors))
	}
	m.Total = len(scs)
	for _, s := range scs {
		cases[s.Matrix.Case].Cells[actor[s.Matrix.Actor]] = s
		if s.Mismatch() {
			m.Mismatches++
		}
		if Failing(s.Result) {
			m.Failed++
		}
	}
	return m
}

package report

import (
	"fmt"

	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/rundir"
)

// Diff is "Changes since baseline": how this run's scenarios moved against an
// earlier run of the same pack.
type Diff struct {
	Baseline     string   `json:"baseline"` // the baseline's run id
	Dir          string   `json:"dir"`
	NewlyFailing []Change `json:"newly_failing"`
	NewlyProven  []Change `json:"newly_proven"`
	NewlyFlaky   []Change `json:"newly_flaky"`
	Missing      []string `json:"missing"` // in the baseline, not in this run's pack (filtered-out ones are not missing)
	New          []string `json:"new"`     // in this run, not in the baseline's pack
}

// Change is one scenario whose result moved.
type Change struct {
	ID     string       `json:"id"`
	Before proof.Result `json:"before"`
	After  proof.Result `json:"after"`
}

// Empty reports whether nothing changed.
func (d *Diff) Empty() bool {
	return len(d.NewlyFailing)+len(d.NewlyProven)+len(d.NewlyFlaky)+len(d.Missing)+len(d.New) == 0
}

// diffBaseline reads the baseline run in dir and compares its scenarios
// (planned ones included) with scs, both sorted by id. A scenario that one
// of the two runs left out by its filters or shard (its meta's Unplanned) is
// neither missing nor new: the runs just did not both look at it.
func diffBaseline(dir string, current proof.Meta, scs []*Scenario) (*Diff, error) {
	meta, rows, err := rundir.Read(dir)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	d := &Diff{Baseline: meta.RunID, Dir: dir}
	base := Scenarios(meta, rows)
	leftOut := func(m proof.Meta) map[string]bool {
		out := map[string]bool{}
		for _, id := range m.Unplanned {
			out[id] = true
		}
		return out
	}
	notHere, notThere := leftOut(current), leftOut(meta)
	before := map[string]proof.Result{}
	for _, s := range base {
		before[s.ScenarioID] = s.Result
	}
	for _, s := range scs {
		was, ok := before[s.ScenarioID]
		delete(before, s.ScenarioID)
		now := s.Result
		ch := Change{ID: s.ScenarioID, Before: was, After: now}
		switch {
		case !ok && notThere[s.ScenarioID]:
		case !ok:
			d.New = append(d.New, s.ScenarioID)
		case Failing(now) && !Failing(was):
			d.NewlyFailing = append(d.NewlyFailing, ch)
		case now == proof.Proven && was != proof.Proven:
			d.NewlyProven = append(d.NewlyProven, ch)
		case now == proof.Flaky && was != proof.Flaky:
			d.NewlyFlaky = append(d.NewlyFlaky, ch)
		}
	}
	for _, s := range base {
		if _, gone := before[s.ScenarioID]; gone && !notHere[s.ScenarioID] {
			d.Missing = append(d.Missing, s.ScenarioID)
		}
	}
	return d, nil
}

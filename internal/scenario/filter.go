package scenario

import (
	"fmt"
	"path"
	"slices"
)

// Filter selects scenarios (--domain, --tag, --id, --actor). An empty field
// does not filter; the values of one field are alternatives, and a scenario
// must pass every non-empty field.
type Filter struct {
	Domains, Tags, IDs, Actors []string // IDs are globs (path.Match)
}

// Apply returns the scenarios that pass, in their order. An id glob matches a
// matrix cell by its own id or by its matrix's id, so `--id authz-backup-sets`
// selects the whole matrix.
func (f Filter) Apply(s []*Scenario) []*Scenario {
	var out []*Scenario
	for _, sc := range s {
		if f.match(sc) {
			out = append(out, sc)
		}
	}
	return out
}

func (f Filter) match(sc *Scenario) bool {
	ids := []string{sc.ID}
	if sc.Matrix != nil {
		ids = append(ids, sc.Matrix.Matrix)
	}
	return anyOf(f.Domains, func(d string) bool { return d == sc.Domain }) &&
		anyOf(f.Tags, func(t string) bool { return slices.Contains(sc.Tags, t) }) &&
		anyOf(f.Actors, func(a string) bool { return a == sc.Actor }) &&
		anyOf(f.IDs, func(glob string) bool {
			return slices.ContainsFunc(ids, func(id string) bool {
				ok, _ := path.Match(glob, id)
				return ok
			})
		})
}

// anyOf is true when the filter field is empty or one value passes.
func anyOf(values []string, pass func(string) bool) bool {
	return len(values) == 0 || slices.ContainsFunc(values, pass)
}

// Validate reports the first malformed id glob, naming --id.
func (f Filter) Validate() error {
	for _, glob := range f.IDs {
		if _, err := path.Match(glob, ""); err != nil {
			return fmt.Errorf("--id %q: bad glob", glob)
		}
	}
	return nil
}

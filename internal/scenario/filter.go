package scenario

import (
	"fmt"
	"path"
	"slices"
)

// Filter selects scenarios (--domain, --tag, --id, --actor) and leaves some
// out (--skip-id, --skip-tag). An empty field does not filter; the values of
// one field are alternatives, and a scenario must pass every non-empty field
// and match no skip.
type Filter struct {
	Domains, Tags, IDs, Actors []string // IDs are globs (path.Match)
	SkipIDs, SkipTags          []string // SkipIDs are globs too
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
	idMatches := func(glob string) bool {
		return slices.ContainsFunc(ids, func(id string) bool {
			ok, _ := path.Match(glob, id)
			return ok
		})
	}
	hasTag := func(t string) bool { return slices.Contains(sc.Tags, t) }
	return anyOf(f.Domains, func(d string) bool { return d == sc.Domain }) &&
		anyOf(f.Tags, hasTag) &&
		anyOf(f.Actors, func(a string) bool { return a == sc.Actor }) &&
		anyOf(f.IDs, idMatches) &&
		!slices.ContainsFunc(f.SkipIDs, idMatches) &&
		!slices.ContainsFunc(f.SkipTags, hasTag)
}

// anyOf is true when the filter field is empty or one value passes.
func anyOf(values []string, pass func(string) bool) bool {
	return len(values) == 0 || slices.ContainsFunc(values, pass)
}

// Validate reports the first malformed id glob, naming its flag.
func (f Filter) Validate() error {
	for _, g := range []struct {
		flag  string
		globs []string
	}{{"--id", f.IDs}, {"--skip-id", f.SkipIDs}} {
		for _, glob := range g.globs {
			if _, err := path.Match(glob, ""); err != nil {
				return fmt.Errorf("%s %q: bad glob", g.flag, glob)
			}
		}
	}
	return nil
}

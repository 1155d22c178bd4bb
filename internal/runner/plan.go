// Package runner turns a configuration and scenario paths into a run: it
// loads and filters the plan, starts (or checks) the target, runs scenarios
// on parallel workers with retries, survives browser crashes and interrupts,
// appends proof rows as scenarios end and renders the reports.
package runner

import (
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/proofrun/proofrun/internal/config"
	"github.com/proofrun/proofrun/internal/exitcode"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/rundir"
	"github.com/proofrun/proofrun/internal/scenario"
)

// DefaultPaths is what run, validate and list read when given no path.
var DefaultPaths = []string{"scenarios"}

// Selection narrows a pack down to a plan.
type Selection struct {
	Filter    scenario.Filter
	Shard     string // "I/N", "" for all
	Durations string // a run directory whose durations balance the shards
	// LastFailed keeps only what failed, errored or did not run in the run
	// directory From (default reports/latest).
	LastFailed bool
	From       string
}

// LoadPack reads the fixtures and every scenario under paths. Load errors
// come back as scenario.Errors wrapped with exit code 2.
func LoadPack(cfg *config.Config, paths []string) (*scenario.Pack, error) {
	if len(paths) == 0 {
		paths = DefaultPaths
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			return nil, exitcode.Newf(exitcode.Invalid, "scenario path %s: %v", p, errors.Unwrap(err))
		}
	}
	var fixtures map[string]any
	if cfg.Target.Fixtures != "" {
		f, err := scenario.LoadFixtures(cfg.Target.Fixtures)
		if err != nil {
			hint := ""
			if _, statErr := os.Stat(cfg.Target.Fixtures); statErr != nil {
				hint = " (paths are relative to the working directory; run from the project root or set target.fixtures)"
			}
			return nil, exitcode.Newf(exitcode.Invalid, "target.fixtures: %v%s", err, hint)
		}
		fixtures = f
	}
	actors := make([]string, 0, len(cfg.Actors))
	for name := range cfg.Actors {
		actors = append(actors, name)
	}
	sort.Strings(actors)
	pack, err := scenario.Load(paths, scenario.LoadOptions{Actors: actors, Fixtures: fixtures, FixturesFile: cfg.Target.Fixtures})
	if err != nil {
		return nil, exitcode.With(exitcode.Invalid, err)
	}
	return pack, nil
}

// Plan applies the selection to a pack: filters, then the shard. A
// --durations run directory is read even without --shard: a wrong path is
// an error, never ignored.
func Plan(pack *scenario.Pack, sel Selection) ([]*scenario.Scenario, error) {
	durations, err := loadDurations(sel.Durations)
	if err != nil {
		return nil, err
	}
	if err := sel.Filter.Validate(); err != nil {
		return nil, exitcode.With(exitcode.Invalid, err)
	}
	plan := sel.Filter.Apply(pack.Scenarios)
	if sel.LastFailed {
		again, err := lastFailed(plan, sel.From)
		if err != nil {
			return nil, err
		}
		plan = again
	} else if sel.From != "" {
		return nil, exitcode.Newf(exitcode.Invalid, "--from goes with --last-failed")
	}
	if sel.Shard != "" {
		sh, err := proof.ParseShard(sel.Shard)
		if err != nil {
			return nil, exitcode.With(exitcode.Invalid, err)
		}
		plan = scenario.ApplyShard(sh, plan, durations)
	}
	return plan, nil
}

// loadDurations reads how long each scenario took in an earlier run.
func loadDurations(dir string) (map[string]time.Duration, error) {
	if dir == "" {
		return nil, nil
	}
	_, rows, err := rundir.Read(dir)
	if err != nil {
		return nil, exitcode.Newf(exitcode.Invalid, "--durations %s: %v", dir, err)
	}
	d := map[string]time.Duration{}
	for _, r := range rows {
		d[r.ScenarioID] = time.Duration(r.DurationMS) * time.Millisecond
	}
	return d, nil
}

// Validate loads every file under paths and prints every error with its
// source line and a caret; it returns an exit-code error when any was found.
func Validate(cfg *config.Config, paths []string, w io.Writer) error {
	pack, err := LoadPack(cfg, paths)
	var errs scenario.Errors
	if errors.As(err, &errs) {
		for _, e := range errs {
			fmt.Fprintln(w, e.Pretty())
		}
		fmt.Fprintf(w, "%d error(s)\n", len(errs))
		return &exitcode.Error{Code: exitcode.Invalid, Err: errs, Printed: true}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "ok: %d scenarios in %d files, %d requirements\n", len(pack.Scenarios), len(pack.Files), len(pack.Requirements))
	return nil
}

// List prints the plan, one scenario a line.
func List(cfg *config.Config, paths []string, sel Selection, w io.Writer) error {
	pack, err := LoadPack(cfg, paths)
	if err != nil {
		return err
	}
	plan, err := Plan(pack, sel)
	if err != nil {
		return err
	}
	for _, sc := range plan {
		actor := sc.Actor
		if actor == "" {
			actor = "-"
		}
		extra := ""
		if sc.Deferred != "" {
			extra = "  (deferred)"
		}
		fmt.Fprintf(w, "%-60s %-15s %-17s %-17s %s:%d%s\n", sc.ID, sc.Domain, sc.State, actor, sc.Pos.File, sc.Pos.Line, extra)
	}
	fmt.Fprintf(w, "%d scenarios (%s)\n", len(plan), strings.Join(countDomains(pack.Domains, plan), ", "))
	return nil
}

// countDomains counts the plan's scenarios per domain, in the catalogue's
// order of domains; domains it does not declare follow, alphabetically.
func countDomains(domains []string, plan []*scenario.Scenario) []string {
	n := map[string]int{}
	for _, sc := range plan {
		n[sc.Domain]++
	}
	order := slices.Clone(domains)
	var rest []string
	for d := range n {
		if !slices.Contains(order, d) {
			rest = append(rest, d)
		}
	}
	slices.Sort(rest)
	var out []string
	for _, d := range append(order, rest...) {
		if n[d] > 0 {
			out = append(out, fmt.Sprintf("%s %d", d, n[d]))
		}
	}
	return out
}

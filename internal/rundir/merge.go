package rundir

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/proofrun/proofrun/internal/proof"
)

// MergeOptions are merge's choices.
type MergeOptions struct {
	// AllowPartial merges even when shards are missing; the merged run is
	// then INCOMPLETE, never PASS.
	AllowPartial bool
}

// Merge combines shard runs of one plan into the run directory out (the
// caller renders its reports). The runs must be shards 1..N of one plan, each once,
// made with the same pack, target, commit and options; otherwise Merge
// refuses, saying which shard is missing or what differs. The rows are
// concatenated, screenshots copied, plans united, events kept (prefixed with
// their shard). The merged run keeps the first run's id, so links to the run
// stay valid; it starts when the first shard started and finishes when the
// last one finished. A refusal, or an input that cannot be read, is a
// *RefusedError; any other error is the writing of out.
func Merge(out string, dirs []string, opts MergeOptions) error {
	if len(dirs) == 0 {
		return refusef("merge: no run directories given")
	}
	if err := notInput(out, dirs); err != nil {
		return err
	}
	var (
		metas  = make([]proof.Meta, len(dirs))
		meta   proof.Meta
		rows   []proof.Row
		ranIn  = map[string]string{} // scenario id -> the directory it ran in
		inPlan = map[string]bool{}
	)
	for i, dir := range dirs {
		m, rs, err := Read(dir)
		if err != nil {
			return &RefusedError{Err: fmt.Errorf("merge: %w", err)}
		}
		metas[i] = m
		if i == 0 {
			meta = m
			meta.Plan, meta.Events, meta.Faults, meta.Shard, meta.Workers = nil, nil, nil, "", 0
		}
		for _, r := range rs {
			if prev, ok := ranIn[r.ScenarioID]; ok && prev != dir {
				return refusef("cannot merge: scenario %s ran in both %s and %s", r.ScenarioID, prev, dir)
			}
			ranIn[r.ScenarioID] = dir
		}
		rows = append(rows, rs...)
		mergeMeta(&meta, m, inPlan)
	}
	missing, err := checkShards(dirs, metas)
	if err != nil {
		return err
	}
	if missing != "" {
		if !opts.AllowPartial {
			return refusef("cannot merge: %s missing (--allow-partial merges anyway, as INCOMPLETE)", missing)
		}
		meta.Partial = missing + " missing"
	} else if err := checkPlan(meta); err != nil {
		return err
	}
	meta.Unplanned = unplanned(metas, inPlan)
	if err := Write(out, meta, rows); err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	for _, dir := range dirs {
		for _, sub := range []string{ScreenshotsDir, TraceDir} {
			if err := copyTree(filepath.Join(dir, sub), filepath.Join(out, sub)); err != nil {
				return fmt.Errorf("merge: %s of %s: %w", sub, dir, err)
			}
		}
	}
	return nil
}

// RefusedError is Merge declining its inputs: they are not the shards of
// one plan, or one of them is not a readable run. Nothing is written.
type RefusedError struct{ Err error }

func (e *RefusedError) Error() string { return e.Err.Error() }
func (e *RefusedError) Unwrap() error { return e.Err }

func refusef(format string, args ...any) error {
	return &RefusedError{Err: fmt.Errorf(format, args...)}
}

// checkShards tells whether the runs are shards of one plan, each given
// once and made alike, and names the shards that are missing ("shards 2/3
// and 3/3"; "" when none is).
func checkShards(dirs []string, metas []proof.Meta) (string, error) {
	total := 0
	given := map[int]string{} // shard index -> its directory
	for i, m := range metas {
		sh, err := proof.ParseShard(m.Shard)
		if m.Shard == "" || err != nil {
			return "", refusef("cannot merge: %s is not a shard run (merge takes the runs of --shard 1/N .. N/N)", dirs[i])
		}
		if total != 0 && sh.Total != total {
			return "", refusef("cannot merge: %s is shard %s but %s is shard %s: shards of different splits", dirs[0], metas[0].Shard, dirs[i], m.Shard)
		}
		total = sh.Total
		if prev, ok := given[sh.Index]; ok {
			return "", refusef("cannot merge: shard %s is given twice (%s and %s)", m.Shard, prev, dirs[i])
		}
		given[sh.Index] = dirs[i]
		if what, a, b := differs(metas[0], m); what != "" {
			return "", refusef("cannot merge: %s and %s ran with different %s (%s vs %s)", dirs[0], dirs[i], what, a, b)
		}
	}
	var missing []string
	for i := 1; i <= total; i++ {
		if _, ok := given[i]; !ok {
			missing = append(missing, fmt.Sprintf("%d/%d", i, total))
		}
	}
	switch len(missing) {
	case 0:
		return "", nil
	case 1:
		return "shard " + missing[0] + " is", nil
	}
	return "shards " + strings.Join(missing, ", ") + " are", nil
}

// differs names the first setting in which two shard runs differ: shards
// of one proof share the pack, the plan they were cut from, the target, the
// commit and the options that change verdicts.
func differs(a, b proof.Meta) (what, av, bv string) {
	target := func(m proof.Meta) string {
		if m.Embedded {
			return "the embedded fixture app" // on a free port of its own in each shard
		}
		return m.Target
	}
	faults := func(m proof.Meta) string {
		f := slices.Clone(m.Faults)
		slices.Sort(f)
		return "[" + strings.Join(f, ",") + "]"
	}
	for _, c := range []struct{ what, a, b string }{
		{"scenario packs", a.Pack, b.Pack},
		{"plans", a.PlanID, b.PlanID},
		{"targets", target(a), target(b)},
		{"commits", a.Commit, b.Commit},
		{"proofrun versions", a.Version, b.Version},
		{"--faults", faults(a), faults(b)},
		{"--fail-on-flaky", strconv.FormatBool(a.FailOnFlaky), strconv.FormatBool(b.FailOnFlaky)},
	} {
		if c.a != c.b {
			return c.what, c.a, c.b
		}
	}
	return "", "", ""
}

// checkPlan tells whether complete shards add up to the plan they were cut
// from: shards balanced with different --durations can miss a scenario or
// run one twice.
func checkPlan(m proof.Meta) error {
	if m.PlanID == "" {
		return nil
	}
	ids := make([]string, len(m.Plan))
	for i, p := range m.Plan {
		ids[i] = p.ID
	}
	if got := proof.PlanID(ids); got != m.PlanID {
		return refusef("cannot merge: the shards' plans do not add up to the plan they were cut from (were they balanced with different --durations?)")
	}
	return nil
}

// unplanned is what no shard planned: the merged run's scenarios left out
// by filters (or by missing shards).
func unplanned(metas []proof.Meta, inPlan map[string]bool) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range metas {
		for _, id := range m.Unplanned {
			if !inPlan[id] && !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	slices.Sort(out)
	return out
}

// mergeMeta folds one shard's metadata into the merged run's.
func mergeMeta(dst *proof.Meta, m proof.Meta, inPlan map[string]bool) {
	for _, p := range m.Plan {
		if !inPlan[p.ID] {
			inPlan[p.ID] = true
			dst.Plan = append(dst.Plan, p)
		}
	}
	for _, e := range m.Events {
		if m.Shard != "" {
			e = "shard " + m.Shard + ": " + e
		}
		dst.Events = append(dst.Events, e)
	}
	for _, f := range m.Faults {
		if !slices.Contains(dst.Faults, f) {
			dst.Faults = append(dst.Faults, f)
		}
	}
	if len(dst.Requirements) == 0 {
		dst.Requirements = m.Requirements
	}
	if len(dst.States) == 0 {
		dst.States = m.States
	}
	if !m.Started.IsZero() && (dst.Started.IsZero() || m.Started.Before(dst.Started)) {
		dst.Started = m.Started
	}
	if m.Finished.After(dst.Finished) {
		dst.Finished = m.Finished
	}
	dst.Workers += m.Workers
	dst.Interrupted = dst.Interrupted || m.Interrupted
}

// notInput refuses to merge into one of the runs being merged, which would
// replace its rows before they are read.
func notInput(out string, dirs []string) error {
	o, err := filepath.Abs(out)
	if err != nil {
		return &RefusedError{Err: fmt.Errorf("merge: %w", err)}
	}
	for _, d := range dirs {
		if a, err := filepath.Abs(d); err == nil && a == o {
			return refusef("cannot merge into %s: it is one of the runs being merged", out)
		}
	}
	return nil
}

// copyTree copies the files under src to the same paths under dst; a
// missing src is an empty tree.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == src {
				return nil
			}
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		return copyFile(p, target)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

package report

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/proofrun/proofrun/internal/collect"
	"github.com/proofrun/proofrun/internal/proof"
)

// Merge combines shard runs of one scenario pack into the run directory out
// and builds its reports. The rows are concatenated (a scenario that ran in
// two shards is an error), screenshots copied, plans united, events kept
// (prefixed with their shard). The merged run keeps the first run's id, so
// links to the run stay valid; it starts when the first shard started and
// finishes when the last one finished.
func Merge(out string, dirs []string) error {
	if len(dirs) == 0 {
		return fmt.Errorf("merge: no run directories given")
	}
	if err := notInput(out, dirs); err != nil {
		return err
	}
	var (
		meta   proof.Meta
		rows   []proof.Row
		ranIn  = map[string]string{} // scenario id -> the directory it ran in
		inPlan = map[string]bool{}
	)
	for i, dir := range dirs {
		m, rs, err := collect.Read(dir)
		if err != nil {
			return fmt.Errorf("merge: %w", err)
		}
		if i == 0 {
			meta = m
			meta.Plan, meta.Events, meta.Faults, meta.Shard, meta.Workers = nil, nil, nil, "", 0
		} else if m.Pack != meta.Pack {
			return fmt.Errorf("cannot merge: %s and %s ran different scenario packs (fingerprint %s vs %s)", dirs[0], dir, meta.Pack, m.Pack)
		}
		for _, r := range rs {
			if prev, ok := ranIn[r.ScenarioID]; ok && prev != dir {
				return fmt.Errorf("cannot merge: scenario %s ran in both %s and %s", r.ScenarioID, prev, dir)
			}
			ranIn[r.ScenarioID] = dir
		}
		rows = append(rows, rs...)
		mergeMeta(&meta, m, inPlan)
	}
	run, err := collect.Create(out, meta, nil)
	if err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	if err := run.Append(rows...); err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	if err := run.Finish(meta); err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	for _, dir := range dirs {
		if err := copyTree(filepath.Join(dir, collect.ScreenshotsDir), filepath.Join(out, collect.ScreenshotsDir)); err != nil {
			return fmt.Errorf("merge: screenshots of %s: %w", dir, err)
		}
	}
	return Build(out, Options{})
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
		if !contains(dst.Faults, f) {
			dst.Faults = append(dst.Faults, f)
		}
	}
	if len(dst.Requirements) == 0 {
		dst.Requirements = m.Requirements
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
		return fmt.Errorf("merge: %w", err)
	}
	for _, d := range dirs {
		if a, err := filepath.Abs(d); err == nil && a == o {
			return fmt.Errorf("cannot merge into %s: it is one of the runs being merged", out)
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

// Package report renders a run directory into the reports reviewers and CI
// read: index.html (self-contained, from disk), junit.xml, summary.json and
// proof-map.md, plus the Markdown recap for a CI job page; it diffs a run
// against a baseline. The renderers draw what rundir holds: a run that just
// ended hands over what it wrote (Render), a rebuild or a merge reads it back
// from the directory (Build), so both give the same reports; the terminal
// output lives in ui.
package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/rundir"
)

// Options tune Build.
type Options struct {
	// Baseline is an earlier run directory to diff against; "" for none.
	Baseline string
}

// The report files of a run directory.
const (
	HTMLFile     = "index.html"
	JUnitFile    = "junit.xml"
	SummaryFile  = "summary.json"
	ProofMapFile = "proof-map.md"
)

// model is everything the renderers draw, derived once from the run.
type model struct {
	Dir       string
	Meta      proof.Meta
	Summary   Summary
	Scenarios []*Scenario // sorted by id
	Map       *ProofMap
	Matrices  []*Matrix
	Diff      *Diff
}

// Build renders index.html, junit.xml, summary.json and proof-map.md from the
// run directory dir, as it is on disk (a rebuild, a merge).
func Build(dir string, opts Options) error {
	meta, rows, err := rundir.Read(dir)
	if err != nil {
		return err
	}
	_, err = Render(dir, meta, rows, opts)
	return err
}

// Render writes the reports of the run in dir whose metadata and redacted
// rows are meta and rows (as rundir holds them) and returns the summary it
// wrote, the run's verdict.
func Render(dir string, meta proof.Meta, rows []proof.Row, opts Options) (Summary, error) {
	m, err := newModel(dir, meta, rows, opts)
	if err != nil {
		return Summary{}, err
	}
	for _, out := range []struct {
		file  string
		write func(io.Writer, *model) error
	}{
		{SummaryFile, writeSummary},
		{ProofMapFile, writeMarkdown},
		{JUnitFile, writeJUnit},
		{HTMLFile, writeHTML},
	} {
		var buf bytes.Buffer
		if err := out.write(&buf, m); err != nil {
			return Summary{}, fmt.Errorf("%s: %w", out.file, err)
		}
		if err := os.WriteFile(filepath.Join(dir, out.file), buf.Bytes(), 0o644); err != nil {
			return Summary{}, fmt.Errorf("%s: %w", out.file, err)
		}
	}
	return m.Summary, nil
}

func newModel(dir string, meta proof.Meta, rows []proof.Row, opts Options) (*model, error) {
	scs := Scenarios(meta, rows)
	m := &model{Dir: dir, Meta: meta, Scenarios: scs, Map: buildProofMap(meta, scs), Matrices: buildMatrices(scs)}
	m.Summary = summarize(meta, rows, scs, m.Map)
	m.Summary.Report = filepath.Join(dir, HTMLFile)
	if opts.Baseline != "" {
		d, err := diffBaseline(opts.Baseline, meta, scs)
		if err != nil {
			return nil, err
		}
		m.Diff, m.Summary.Baseline = d, d
	}
	return m, nil
}

func writeSummary(w io.Writer, m *model) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(m.Summary)
}

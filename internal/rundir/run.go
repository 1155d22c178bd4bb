// Package rundir writes and reads a run directory: run.json (the run's
// metadata), proof.jsonl (one redacted proof row per scenario and requirement,
// appended and synced as each scenario ends) and screenshots/. The reports are
// rendered from this directory alone.
package rundir

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/redact"
)

// The files of a run directory.
const (
	MetaFile       = "run.json"
	RowsFile       = "proof.jsonl"
	ScreenshotsDir = "screenshots"
)

// Run is an open run directory. Its methods are safe for concurrent use by
// the workers of a run.
type Run struct {
	dir    string
	redact *redact.Redactor

	mu    sync.Mutex
	rows  *os.File
	shots map[string]int // screenshots taken so far, per scenario
	// What the files hold, redacted: the reports render from it (Written).
	meta    proof.Meta
	written []proof.Row
}

// Create makes dir (and dir/screenshots), writes run.json and starts an empty
// proof.jsonl, replacing the rows of an earlier run in the same directory.
// r may be nil when the data holds no secrets (a merge of redacted runs).
func Create(dir string, meta proof.Meta, r *redact.Redactor) (*Run, error) {
	if err := os.MkdirAll(filepath.Join(dir, ScreenshotsDir), 0o755); err != nil {
		return nil, fmt.Errorf("run directory: %w", err)
	}
	run := &Run{dir: dir, redact: r, shots: map[string]int{}}
	if err := run.writeMeta(meta); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(dir, RowsFile), os.O_CREATE|os.O_TRUNC|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("run directory: %w", err)
	}
	run.rows = f
	return run, nil
}

// Dir is the run directory.
func (r *Run) Dir() string { return r.dir }

// Append writes rows to proof.jsonl as redacted JSON lines in one write and
// syncs the file, so a crash later in the run loses nothing finished.
func (r *Run) Append(rows ...proof.Row) error {
	var buf []byte
	kept := make([]proof.Row, len(rows))
	for i := range rows {
		line, err := r.encode(&rows[i])
		if err == nil {
			err = json.Unmarshal(line, &kept[i])
		}
		if err != nil {
			return fmt.Errorf("proof row %s: %w", rows[i].ScenarioID, err)
		}
		buf = append(append(buf, line...), '\n')
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.rows == nil {
		return fmt.Errorf("%s: run already finished", RowsFile)
	}
	if _, err := r.rows.Write(buf); err != nil {
		return fmt.Errorf("%s: %w", RowsFile, err)
	}
	if err := r.rows.Sync(); err != nil {
		return fmt.Errorf("%s: %w", RowsFile, err)
	}
	r.written = append(r.written, kept...)
	return nil
}

// Written returns the run as its files hold it, redacted: run.json's
// metadata and the rows of proof.jsonl in order. The reports of a run that
// just ended render from it, as they would from the directory (Read).
func (r *Run) Written() (proof.Meta, []proof.Row) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.meta, append([]proof.Row(nil), r.written...)
}

// Write records a whole run at once: a merged run, or a run made up by a
// test. Its rows are redacted already.
func Write(dir string, meta proof.Meta, rows []proof.Row) error {
	run, err := Create(dir, meta, nil)
	if err != nil {
		return err
	}
	if err := run.Append(rows...); err != nil {
		return err
	}
	return run.Finish(meta)
}

// Finish rewrites run.json with the final metadata (finish time, events,
// interruption) and closes proof.jsonl; later Appends fail.
func (r *Run) Finish(meta proof.Meta) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.rows != nil {
		err := r.rows.Close()
		r.rows = nil
		if err != nil {
			return fmt.Errorf("%s: %w", RowsFile, err)
		}
	}
	return r.writeMeta(meta)
}

// writeMeta replaces run.json atomically, so a reader never sees half of it.
func (r *Run) writeMeta(meta proof.Meta) error {
	b, err := r.encode(&meta)
	var kept proof.Meta
	if err == nil {
		err = json.Unmarshal(b, &kept)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", MetaFile, err)
	}
	path := filepath.Join(r.dir, MetaFile)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("%s: %w", MetaFile, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("%s: %w", MetaFile, err)
	}
	r.meta = kept
	return nil
}

// encode marshals a redacted copy of v (a pointer to a record), leaving the
// caller's value untouched.
func (r *Run) encode(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || r.redact == nil {
		return b, err
	}
	return redactJSON(r.redact, b, v)
}

package rundir

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/proofrun/proofrun/internal/proof"
)

// Read loads a run directory: run.json and every row of proof.jsonl. A bad
// line is an error naming the file and the line.
func Read(dir string) (proof.Meta, []proof.Row, error) {
	var meta proof.Meta
	metaPath := filepath.Join(dir, MetaFile)
	b, err := os.ReadFile(metaPath)
	if err != nil {
		return meta, nil, fmt.Errorf("not a run directory: %w", err)
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		return meta, nil, fmt.Errorf("%s: %w", metaPath, err)
	}
	rows, err := readRows(filepath.Join(dir, RowsFile))
	return meta, rows, err
}

func readRows(path string) ([]proof.Row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("not a run directory: %w", err)
	}
	defer f.Close()
	// A bufio.Reader, not a Scanner: a row with a long step timeline can
	// exceed any fixed line limit.
	in := bufio.NewReader(f)
	var rows []proof.Row
	for n := 1; ; n++ {
		line, err := in.ReadBytes('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if len(bytes.TrimSpace(line)) > 0 {
			var row proof.Row
			if derr := json.Unmarshal(line, &row); derr != nil {
				return nil, fmt.Errorf("%s:%d: bad proof row: %w", path, n, derr)
			}
			rows = append(rows, row)
		}
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
	}
}

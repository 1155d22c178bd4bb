package rundir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// TraceDir holds the scenarios' trace files.
const TraceDir = "trace"

// Trace stores a scenario's trace (its network and console record, redacted
// by the driver) as trace/<scenario>.json, a retry's as trace/<scenario>-2.json
// and so on, so every attempt keeps its own; it returns the path relative to
// the run directory.
func (r *Run) Trace(scenarioID string, record []byte) (string, error) {
	dir := filepath.Join(r.dir, TraceDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("trace of %s: %w", scenarioID, err)
	}
	name := SafeName(scenarioID)
	for n := 1; ; n++ {
		file := name + ".json"
		if n > 1 {
			file = fmt.Sprintf("%s-%d.json", name, n)
		}
		f, err := os.OpenFile(filepath.Join(dir, file), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("trace of %s: %w", scenarioID, err)
		}
		_, err = f.Write(record)
		if err = errors.Join(err, f.Close()); err != nil {
			return "", fmt.Errorf("trace of %s: %w", scenarioID, err)
		}
		return path.Join(TraceDir, file), nil
	}
}

package rundir

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Screenshot stores png as screenshots/<scenario>/<NN>-<name>.png, NN
// counting the scenario's screenshots from 01 so the files sort in the order
// they were taken, and returns the path relative to the run directory (the
// form rows keep as evidence).
func (r *Run) Screenshot(scenarioID, name string, png []byte) (string, error) {
	scenario := SafeName(scenarioID)
	r.mu.Lock()
	r.shots[scenario]++
	n := r.shots[scenario]
	r.mu.Unlock()

	rel := path.Join(ScreenshotsDir, scenario, fmt.Sprintf("%02d-%s.png", n, SafeName(name)))
	full := filepath.Join(r.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return "", fmt.Errorf("screenshot %s: %w", rel, err)
	}
	if err := os.WriteFile(full, png, 0o644); err != nil {
		return "", fmt.Errorf("screenshot %s: %w", rel, err)
	}
	return rel, nil
}

// maxName bounds a path element well below file-system limits.
const maxName = 80

// SafeName turns an id or a label into a file name: letters, digits, '.',
// '_' and '-' are kept, runs of anything else become one '-'. It is never
// empty and never "." or "..".
func SafeName(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range s {
		ok := c < 128 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-')
		switch {
		case ok:
			b.WriteRune(c)
			dash = false
		case !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.Trim(b.String(), "-.")
	if len(out) > maxName {
		out = out[:maxName]
	}
	if out == "" {
		return "unnamed"
	}
	return out
}

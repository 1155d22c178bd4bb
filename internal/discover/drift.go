package discover

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v4"
)

// Drift is one difference between today's observation and written matrix
// files: a cell whose status changed, a page no file knows, a page gone.
type Drift struct {
	Kind     string `json:"kind"` // changed, new-page, gone
	URL      string `json:"url"`
	Actor    string `json:"actor,omitempty"`
	File     string `json:"file,omitempty"`
	Expected int    `json:"expected,omitempty"`
	Observed int    `json:"observed,omitempty"`
}

func (d Drift) String() string {
	switch d.Kind {
	case "changed":
		return fmt.Sprintf("drift: %s as %s is %d, %s expects %d", d.URL, d.Actor, d.Observed, d.File, d.Expected)
	case "new-page":
		return fmt.Sprintf("drift: new page %s (in no file of the --against directory)", d.URL)
	}
	return fmt.Sprintf("drift: page %s of %s is gone (no actor found it today)", d.URL, d.File)
}

// Written is one case of a written matrix file.
type Written struct {
	file   string
	expect map[string]int
}

// matrixDoc is the part of a matrix scenario file drift reads.
type matrixDoc struct {
	Matrix struct {
		Cases []struct {
			Visit  string         `yaml:"visit"`
			Expect map[string]int `yaml:"expect"`
		} `yaml:"cases"`
	} `yaml:"matrix"`
}

// ReadWritten reads the matrix files of dir (as --write wrote them): URL ->
// expectations.
func ReadWritten(dir string) (map[string]Written, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("--against %s: no matrix files (*.yaml); write them with --write", dir)
	}
	out := map[string]Written{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("--against: %w", err)
		}
		var doc matrixDoc
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("--against: %s: %v", f, err)
		}
		for _, c := range doc.Matrix.Cases {
			out[c.Visit] = Written{file: f, expect: c.Expect}
		}
	}
	return out, nil
}

// Compare lists the drift between the observation and the written files,
// sorted. An actor a file does not name is not compared.
func Compare(o *Observation, files map[string]Written) []Drift {
	var out []Drift
	for _, u := range o.URLs() {
		w, ok := files[u]
		if !ok {
			out = append(out, Drift{Kind: "new-page", URL: u})
			continue
		}
		for _, a := range sortedKeys(o.Pages[u]) {
			want, named := w.expect[a]
			got := o.Pages[u][a].Status
			if named && want != got {
				out = append(out, Drift{Kind: "changed", URL: u, Actor: a, File: w.file, Expected: want, Observed: got})
			}
		}
	}
	for _, u := range sortedKeys(files) {
		if o.Pages[u] == nil {
			out = append(out, Drift{Kind: "gone", URL: u, File: files[u].file})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].URL < out[j].URL })
	return out
}

// driftText joins drift lines for a reason.
func driftText(ds []Drift) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.String()
	}
	return strings.Join(parts, "; ")
}

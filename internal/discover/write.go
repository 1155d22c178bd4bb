package discover

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/proofrun/proofrun/internal/rundir"
)

// Resource is one group of observed URLs: a panel's resource or page
// family, the unit of a written matrix scenario.
type Resource struct {
	ID     string // "admin-backup-sets"
	Domain string // cross-workspace or system-denied
	URLs   []string
}

// Resources groups the observed URLs by panel and the first path segment
// after the tenant prefix (or the panel prefix): /admin/workspaces/contoso/
// environments/prod/backup-sets/11 is admin-backup-sets.
func (j *Judge) Resources(o *Observation) []Resource {
	byID := map[string]*Resource{}
	for _, u := range o.URLs() {
		id, domain := j.resourceOf(u)
		if byID[id] == nil {
			byID[id] = &Resource{ID: id, Domain: domain}
		}
		byID[id].URLs = append(byID[id].URLs, u)
	}
	out := make([]Resource, 0, len(byID))
	for _, id := range sortedKeys(byID) {
		out = append(out, *byID[id])
	}
	return out
}

func (j *Judge) resourceOf(u string) (id, domain string) {
	path := pathOf(u)
	panel := j.panelOf(path)
	rest := strings.TrimPrefix(path, j.Prefix[panel])
	if _, end := j.Rules.workspaceOf(path); end > 0 {
		rest = path[end:]
	}
	seg := strings.SplitN(strings.Trim(rest, "/"), "/", 2)[0]
	if seg == "" {
		seg = "home"
	}
	domain = "cross-workspace"
	if panel != "" && j.Rules.Actors != nil && j.systemPanel(panel) {
		domain = "system-denied"
	}
	return rundir.SafeName(strings.ToLower(orNone(panel) + "-" + seg)), domain
}

// systemPanel reports whether no actor of the panel belongs to a workspace:
// the platform panel, whose denials prove system separation.
func (j *Judge) systemPanel(panel string) bool {
	for a, p := range j.Panel {
		if p == panel && j.Rules.Actors[a].Workspace != "" {
			return false
		}
	}
	return true
}

// Cell is what a written matrix expects of one actor at one URL.
func (j *Judge) cellExpectation(o *Observation, u, actor string, findings map[cellKey][]Finding) (int, []string) {
	p := o.Pages[u][actor]
	want := p.Status
	var notes []string
	for _, f := range findings[cellKey{u, actor}] {
		if f.Expected != 0 {
			want = f.Expected
		}
		notes = append(notes, fmt.Sprintf("FINDING %s: %s", f.Kind, f.Message))
	}
	return want, notes
}

type cellKey struct{ url, actor string }

func byCell(fs []Finding) map[cellKey][]Finding {
	out := map[cellKey][]Finding{}
	for _, f := range fs {
		k := cellKey{f.URL, f.Actor}
		out[k] = append(out[k], f)
	}
	return out
}

// Write writes one matrix scenario per resource into dir: expectations are
// what was observed, except where a finding names the status the rules ask
// for (the written pack never certifies a leak); findings are comments.
// It returns the files written.
func (j *Judge) Write(dir string, o *Observation, findings []Finding, header string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("--write %s: %w", dir, err)
	}
	fc := byCell(findings)
	var files []string
	for _, r := range j.Resources(o) {
		body, err := j.matrixFile(r, o, fc, header)
		if err != nil {
			return files, err
		}
		path := filepath.Join(dir, "discovered-"+r.ID+".yaml")
		if err := os.WriteFile(path, body, 0o644); err != nil {
			return files, fmt.Errorf("--write: %w", err)
		}
		files = append(files, path)
	}
	return files, nil
}

// matrixFile renders one resource as a matrix scenario (DESIGN.md format).
func (j *Judge) matrixFile(r Resource, o *Observation, fc map[cellKey][]Finding, header string) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n# Review before committing: an expectation is what was observed, unless a\n# FINDING comment says the rules ask for another status.\n", header)
	fmt.Fprintf(&b, "id: discovered-%s\n", r.ID)
	fmt.Fprintf(&b, "title: %s\n", quote("Discovered authorization matrix: "+r.ID))
	fmt.Fprintf(&b, "domain: %s\n", r.Domain)
	proves := j.Rules.Proves[r.Domain]
	if len(proves) == 0 {
		return nil, fmt.Errorf("%s: proves.%s is empty: name the requirements the written %s matrices prove", j.Rules.File, r.Domain, r.Domain)
	}
	fmt.Fprintf(&b, "proves: [%s]\n", strings.Join(proves, ", "))
	fmt.Fprintf(&b, "matrix:\n  actors: [%s]\n  cases:\n", strings.Join(o.Actors, ", "))
	for _, u := range r.URLs {
		fmt.Fprintf(&b, "    - name: %s\n", quote(u))
		var expect, notes []string
		for _, a := range o.Actors {
			if o.Pages[u][a] == nil {
				return nil, fmt.Errorf("internal: %s has no observation as %s", u, a)
			}
			want, n := j.cellExpectation(o, u, a, fc)
			expect = append(expect, a+": "+strconv.Itoa(want))
			notes = append(notes, n...)
		}
		for _, n := range notes {
			fmt.Fprintf(&b, "      # %s\n", oneLine(n))
		}
		fmt.Fprintf(&b, "      visit: %s\n", quote(u))
		fmt.Fprintf(&b, "      expect: { %s }\n", strings.Join(expect, ", "))
	}
	return b.Bytes(), nil
}

// quote is a YAML double-quoted scalar (Go's quoting is a subset of YAML's).
func quote(s string) string { return strconv.Quote(s) }

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

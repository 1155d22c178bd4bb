package report

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/rundir"
)

//go:embed assets
var assets embed.FS

// page is index.html's template. Row data reaches it only as plain strings,
// which html/template escapes for the context they land in; the only
// trusted-typed values are the report's own CSS and script below.
var page = template.Must(template.New("index.html.tmpl").Funcs(template.FuncMap{
	"dur":     Duration,
	"when":    func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") },
	"cls":     func(v any) string { return strings.ReplaceAll(fmt.Sprint(v), " ", "-") },
	"join":    strings.Join,
	"results": func() []proof.Result { return Results },
	"classes": func() []Class { return Classes },
	"lastShot": func(atts []*attempt) *shot {
		shots := atts[len(atts)-1].Shots
		if len(shots) == 0 || shots[len(shots)-1].Missing {
			return nil
		}
		return &shots[len(shots)-1]
	},
	"actor":     func(m *Matrix, i int) string { return m.Actors[i] },
	"isFailing": func(s *Scenario) bool { return Failing(s.Result) },
	"base":      path.Base,
	"calls":     calls,
	"reqFailed": requestFailed,
}).ParseFS(assets, "assets/index.html.tmpl"))

var (
	css    = mustAsset("assets/report.css")
	script = mustAsset("assets/report.js")
	// csp allows the report's own style and script (by hash, so no
	// 'unsafe-inline'), images beside the report and nothing from anywhere.
	csp = fmt.Sprintf("default-src 'none'; script-src '%s'; style-src '%s'; img-src 'self' data:; base-uri 'none'; form-action 'none'",
		hash(script), hash(css))
)

func mustAsset(name string) string {
	b, err := assets.ReadFile(name)
	if err != nil {
		panic(err) // embedded at build time: cannot happen in a built binary
	}
	return string(b)
}

func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// htmlView is the model plus what only the page needs.
type htmlView struct {
	*model
	CSP      string
	CSS      template.CSS
	JS       template.JS
	Domains  []string
	Failures []failure
	Ordered  []*Scenario // failures first, then by result, then by id
	Facets   facets
	Attempts map[*Scenario][]*attempt // oldest first; the last is the row's own
	// Provable and NotProvable split the proof map; Problems counts the
	// provable requirements a reviewer must act on.
	Provable, NotProvable []*Coverage
	Problems              int
	Files                 []string // the run directory's other reports, linked from the page
}

// failure is one card of "What failed": a scenario, or the failed cells of
// one authorization matrix together.
type failure struct {
	*Scenario
	Matrix *Matrix
	Cells  []*Scenario
}

// attempt is one try of a scenario as its card shows it. The last attempt
// leaves FailingStep and Reason to the card's own line.
type attempt struct {
	N                   int
	Result              proof.Result
	FailingStep, Reason string
	Findings            []proof.Finding
	Steps               []step
	Shots               []shot
	Trace               string // the trace file; "" none kept
	Last                bool
}

// step is one step of the timeline with its screenshot and, from the trace
// file, its requests (failures first) and console messages.
type step struct {
	proof.StepResult
	Shot     *shot
	Requests []proof.Request
	Console  []proof.Message
}

// facets are the values the filters offer.
type facets struct {
	Domains, Results, Actors, Tags []string
}

// shot is one screenshot of a scenario; Missing when the file is not in the
// run directory (the page then says so instead of showing a broken image).
type shot struct {
	Path    string
	Missing bool
}

func writeHTML(w io.Writer, m *model) error {
	v := &htmlView{model: m, CSP: csp, CSS: template.CSS(css), JS: template.JS(script), Attempts: map[*Scenario][]*attempt{},
		Files: []string{JUnitFile, rundir.RowsFile, ProofMapFile, SummaryFile}}
	for d := range m.Summary.Domains {
		v.Domains = append(v.Domains, d)
	}
	sort.Strings(v.Domains)
	v.Ordered = append([]*Scenario(nil), m.Scenarios...)
	sort.SliceStable(v.Ordered, func(i, j int) bool { return rank[v.Ordered[i].Result] < rank[v.Ordered[j].Result] })
	var domains, results, actors, tags uniq
	matrices := map[string]*Matrix{}
	for _, mx := range m.Matrices {
		matrices[mx.ID] = mx
	}
	grouped := map[string]int{} // matrix id -> its card in v.Failures
	for _, s := range v.Ordered {
		if Failing(s.Result) {
			v.addFailure(s, matrices, grouped)
		}
		domains.add(s.Domain)
		results.add(string(s.Result))
		actors.add(s.Actor)
		for _, t := range s.Tags {
			tags.add(t)
		}
		v.Attempts[s] = attempts(m.Dir, s)
	}
	// Results stay in rank order; the rest read best sorted.
	v.Facets = facets{Domains: domains.sorted(), Results: results.list, Actors: actors.sorted(), Tags: tags.sorted()}
	v.Provable, v.NotProvable = m.Map.Split()
	for _, c := range v.Provable {
		if c.Class.Problem() {
			v.Problems++
		}
	}
	return page.Execute(w, v)
}

// addFailure adds a failing scenario to "What failed": a matrix cell joins
// its matrix's card, so a broken matrix reads as one regression.
func (v *htmlView) addFailure(s *Scenario, matrices map[string]*Matrix, grouped map[string]int) {
	if s.Matrix == nil || matrices[s.Matrix.Matrix] == nil {
		v.Failures = append(v.Failures, failure{Scenario: s})
		return
	}
	i, ok := grouped[s.Matrix.Matrix]
	if !ok {
		i = len(v.Failures)
		grouped[s.Matrix.Matrix] = i
		v.Failures = append(v.Failures, failure{Scenario: s, Matrix: matrices[s.Matrix.Matrix]})
	}
	v.Failures[i].Cells = append(v.Failures[i].Cells, s)
}

// attempts lists a scenario's tries with their screenshots, marking the
// files missing from the run directory (the page then says so instead of
// showing a broken image).
func attempts(dir string, s *Scenario) []*attempt {
	// The strip shows the scenario's own screenshots; the steps' are in
	// the timeline.
	shots := func(evidence []string) []shot {
		var out []shot
		for _, p := range evidence {
			out = append(out, fileShot(dir, p))
		}
		return out
	}
	out := make([]*attempt, 0, len(s.Retried)+1)
	for i, a := range s.Retried {
		out = append(out, &attempt{N: i + 1, Result: a.Result, FailingStep: a.FailingStep, Reason: a.Reason,
			Findings: a.Findings, Steps: timeline(dir, a.Steps, a.Trace), Shots: shots(a.Evidence), Trace: a.Trace})
	}
	return append(out, &attempt{N: len(s.Retried) + 1, Result: s.Result, Findings: s.Findings,
		Steps: timeline(dir, s.Steps, s.Trace), Shots: shots(s.Evidence), Trace: s.Trace, Last: true})
}

func fileShot(dir, p string) shot {
	_, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p)))
	return shot{Path: p, Missing: err != nil}
}

// timeline joins the steps with their screenshots and their part of the
// trace file (traceFile relative to dir; an unreadable one adds nothing).
func timeline(dir string, steps []proof.StepResult, traceFile string) []step {
	out := make([]step, len(steps))
	at := map[int]*step{}
	for i, st := range steps {
		out[i].StepResult = st
		if st.Screenshot != "" {
			sh := fileShot(dir, st.Screenshot)
			out[i].Shot = &sh
		}
		at[st.Index] = &out[i]
	}
	if traceFile == "" {
		return out
	}
	var tr proof.Trace
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(traceFile)))
	if err != nil || json.Unmarshal(b, &tr) != nil {
		return out
	}
	for _, q := range tr.Requests {
		if st := at[stepIndex(q.Step)]; st != nil {
			st.Requests = append(st.Requests, q)
		}
	}
	for _, m := range tr.Console {
		if st := at[stepIndex(m.Step)]; st != nil {
			st.Console = append(st.Console, m)
		}
	}
	for i := range out {
		sort.SliceStable(out[i].Requests, func(a, b int) bool {
			return requestFailed(out[i].Requests[a]) && !requestFailed(out[i].Requests[b])
		})
	}
	return out
}

// stepIndex reads the step number a trace label starts with ("2 invoke: …");
// 0 for none (before the first step).
func stepIndex(label string) int {
	n, _ := strconv.Atoi(strings.SplitN(label, " ", 2)[0])
	return n
}

func requestFailed(q proof.Request) bool { return q.Status >= 400 || q.Failed != "" }

// calls renders a Livewire update's calls as component.method, ….
func calls(cs []proof.Call) string {
	var out []string
	for _, c := range cs {
		if len(c.Methods) == 0 {
			out = append(out, c.Component)
		}
		for _, m := range c.Methods {
			out = append(out, c.Component+"."+m)
		}
	}
	return strings.Join(out, ", ")
}

// rank orders scenarios for a reviewer: what needs action first.
var rank = map[proof.Result]int{
	proof.Failed: 0, proof.Error: 1, proof.Flaky: 2, proof.Deferred: 3, proof.NotRun: 4, proof.Skipped: 5, proof.Proven: 6,
}

// Duration is ms as a reviewer reads it.
func Duration(ms int64) string {
	d := time.Duration(ms) * time.Millisecond
	switch {
	case d < time.Second:
		return fmt.Sprintf("%d ms", ms)
	case d < time.Minute:
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return d.Round(time.Second).String()
}

// uniq collects distinct non-empty values in first-seen order.
type uniq struct {
	seen map[string]bool
	list []string
}

func (u *uniq) add(v string) {
	if v == "" || u.seen[v] {
		return
	}
	if u.seen == nil {
		u.seen = map[string]bool{}
	}
	u.seen[v] = true
	u.list = append(u.list, v)
}

func (u *uniq) sorted() []string {
	sort.Strings(u.list)
	return u.list
}

package report

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/proofrun/proofrun/internal/proof"
)

//go:embed assets
var assets embed.FS

// page is index.html's template. Row data reaches it only as plain strings,
// which html/template escapes for the context they land in; the only
// trusted-typed values are the report's own CSS and script below.
var page = template.Must(template.New("index.html.tmpl").Funcs(template.FuncMap{
	"dur":     duration,
	"when":    func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") },
	"cls":     func(v any) string { return strings.ReplaceAll(fmt.Sprint(v), " ", "-") },
	"join":    strings.Join,
	"results": func() []proof.Result { return Results },
	"classes": func() []Class { return Classes },
	"lastShot": func(shots []shot) *shot {
		if len(shots) == 0 || shots[len(shots)-1].Missing {
			return nil
		}
		return &shots[len(shots)-1]
	},
	"isFailing": func(s *Scenario) bool { return failing(s.Result) },
	"base":      path.Base,
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
	Failures []*Scenario
	Ordered  []*Scenario // failures first, then by result, then by id
	Facets   facets
	Shots    map[*Scenario][]shot
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
	v := &htmlView{model: m, CSP: csp, CSS: template.CSS(css), JS: template.JS(script), Shots: map[*Scenario][]shot{}}
	for d := range m.Summary.Domains {
		v.Domains = append(v.Domains, d)
	}
	sort.Strings(v.Domains)
	v.Ordered = append([]*Scenario(nil), m.Scenarios...)
	sort.SliceStable(v.Ordered, func(i, j int) bool { return rank[v.Ordered[i].Result] < rank[v.Ordered[j].Result] })
	var domains, results, actors, tags uniq
	for _, s := range v.Ordered {
		if failing(s.Result) {
			v.Failures = append(v.Failures, s)
		}
		domains.add(s.Domain)
		results.add(string(s.Result))
		actors.add(s.Actor)
		for _, t := range s.Tags {
			tags.add(t)
		}
		for _, p := range screenshots(s) {
			_, err := os.Stat(filepath.Join(m.Dir, filepath.FromSlash(p)))
			v.Shots[s] = append(v.Shots[s], shot{Path: p, Missing: err != nil})
		}
	}
	// Results stay in rank order; the rest read best sorted.
	v.Facets = facets{Domains: domains.sorted(), Results: results.list, Actors: actors.sorted(), Tags: tags.sorted()}
	return page.Execute(w, v)
}

// rank orders scenarios for a reviewer: what needs action first.
var rank = map[proof.Result]int{
	proof.Failed: 0, proof.Error: 1, proof.Flaky: 2, proof.Deferred: 3, proof.NotRun: 4, proof.Skipped: 5, proof.Proven: 6,
}

func duration(ms int64) string {
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

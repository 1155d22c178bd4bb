package discover

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/proofrun/proofrun/internal/driver"
	"github.com/proofrun/proofrun/internal/proof"
)

// Page is one actor's observation of one URL.
type Page struct {
	URL        string                 `json:"url"`   // normalised path and query, as requested
	Final      string                 `json:"final"` // normalised, where it ended
	Status     int                    `json:"status"`
	Title      string                 `json:"title,omitempty"`
	Heading    string                 `json:"heading,omitempty"`
	Identity   bool                   `json:"identity,omitempty"` // shows the identity text an authorized actor saw here
	Actions    []driver.OfferedAction `json:"actions,omitempty"`
	Crawled    bool                   `json:"crawled,omitempty"`  // found through this actor's own navigation
	Rendered   bool                   `json:"rendered,omitempty"` // seen in a browser, not only over HTTP
	Depth      int                    `json:"depth"`
	Findings   []proof.Finding        `json:"findings,omitempty"` // monitor findings on the page
	Screenshot string                 `json:"screenshot,omitempty"`
	text       string                 // visible text, for identity checks
}

// Observation is the whole matrix: URL -> actor -> page.
type Observation struct {
	Actors    []string
	Pages     map[string]map[string]*Page
	Truncated map[string]bool // the actor's crawl stopped at max_pages: its "not found" proves nothing
}

// URLs are the observed URLs, sorted.
func (o *Observation) URLs() []string { return sortedKeys(o.Pages) }

func (o *Observation) put(actor string, p *Page) {
	if o.Pages[p.URL] == nil {
		o.Pages[p.URL] = map[string]*Page{}
	}
	o.Pages[p.URL][actor] = p
}

// Limits bound one actor's crawl.
type Limits struct {
	MaxPages int
	MaxDepth int
	Skip     []*regexp.Regexp
}

// viewer is what the crawl needs of a browser tab (driver.Viewer).
type viewer interface {
	View(ctx context.Context, rawURL string) (driver.View, error)
	Close()
}

// crawl walks an actor's panel breadth-first from start through same-panel
// links, GET only, one depth level at a time spread over the actor's
// viewers (results are taken in link order, so the crawl is deterministic).
// base is the target's origin, panel the panel's path prefix. It reports
// whether it stopped at MaxPages.
func crawl(ctx context.Context, vs []viewer, base string, panel string, start []string, lim Limits) ([]*Page, bool, error) {
	seen, recorded := map[string]bool{}, map[string]bool{}
	var level []string
	for _, s := range start {
		if u, ok := normalise(base, base+s, panel, lim.Skip); ok && !seen[u] {
			seen[u] = true
			level = append(level, u)
		}
	}
	var pages []*Page
	truncated := false
	for depth := 0; len(level) > 0; depth++ {
		if room := lim.MaxPages - len(pages); len(level) > room {
			level, truncated = level[:room], true
		}
		views, err := viewAll(ctx, vs, base, level)
		if err != nil {
			return pages, truncated, err
		}
		var next []string
		for i, u := range level {
			p := pageOf(base, u, views[i])
			p.Crawled, p.Rendered, p.Depth = true, true, depth
			// A redirect (the panel home to the workspace dashboard) is
			// recorded as the page it lands on, once.
			if p.Final != p.URL {
				if _, ok := normalise(base, base+p.Final, panel, lim.Skip); !ok || recorded[p.Final] {
					continue
				}
				p.URL, seen[p.Final] = p.Final, true
			}
			recorded[p.URL] = true
			pages = append(pages, p)
			if p.Status >= 400 || depth >= lim.MaxDepth {
				continue
			}
			for _, l := range views[i].Links {
				n, ok := normalise(base, l.Href, panel, lim.Skip)
				if !ok || seen[n] || (l.Zone == "pagination" && !firstPage(n)) {
					continue
				}
				seen[n] = true
				next = append(next, n)
			}
		}
		level = next
	}
	return pages, truncated, nil
}

// viewAll loads every URL with the viewers in parallel; views[i] is urls[i].
func viewAll(ctx context.Context, vs []viewer, base string, urls []string) ([]driver.View, error) {
	views := make([]driver.View, len(urls))
	idx := make([]int, len(urls))
	for i := range idx {
		idx[i] = i
	}
	lanes := make(chan viewer, len(vs))
	for _, v := range vs {
		lanes <- v
	}
	err := each(ctx, len(vs), idx, func(ctx context.Context, i int) error {
		v := <-lanes
		defer func() { lanes <- v }()
		view, err := v.View(ctx, base+urls[i])
		if err != nil {
			return fmt.Errorf("%s: %w", urls[i], err)
		}
		views[i] = view
		return nil
	})
	return views, err
}

// pageOf turns a browser view into a page observation.
func pageOf(base, u string, v driver.View) *Page {
	final, ok := normalise(base, v.URL, "", nil)
	if !ok {
		final = u
	}
	return &Page{URL: u, Final: final, Status: v.Status, Title: v.Title, Heading: v.Heading,
		Actions: v.Actions, Findings: v.Findings, text: v.Text}
}

// normalise makes an absolute link a key: path and sorted query, without
// fragment or trailing slash. ok is false for another origin, another panel
// (panel "" accepts any), a skipped URL or a non-page link.
func normalise(base, href, panel string, skip []*regexp.Regexp) (string, bool) {
	b, err := url.Parse(base)
	if err != nil {
		return "", false
	}
	u, err := b.Parse(href)
	if err != nil || u.Scheme != b.Scheme || u.Host != b.Host {
		return "", false
	}
	path := strings.TrimSuffix(u.Path, "/")
	if path == "" {
		path = "/"
	}
	if panel != "" && path != panel && !strings.HasPrefix(path, panel+"/") {
		return "", false
	}
	out := path
	if q := u.Query(); len(q) > 0 {
		out += "?" + q.Encode() // Encode sorts by key
	}
	for _, re := range skip {
		if re.MatchString(out) {
			return "", false
		}
	}
	return out, true
}

// firstPage reports whether a pagination link stays on the first page.
func firstPage(u string) bool {
	i := strings.IndexByte(u, '?')
	if i < 0 {
		return true
	}
	q, err := url.ParseQuery(u[i+1:])
	if err != nil {
		return false
	}
	for k, v := range q {
		if (k == "page" || strings.HasSuffix(k, "Page") || strings.HasSuffix(k, "_page")) && len(v) > 0 && v[0] != "1" {
			return false
		}
	}
	return true
}

// sortedKeys are m's keys in order: every output of discover is sorted.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

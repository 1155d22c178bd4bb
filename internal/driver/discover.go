package driver

import (
	"context"
	_ "embed"
	"fmt"
	"net/http"

	"github.com/go-rod/rod"

	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/scenario"
)

// discoverJS reads what a Filament page offers: its heading, the links by
// where they sit, and the actions with their state. It never clicks. The
// selectors are the target profile's (its argument: profile.DOM).
//
//go:embed discover.js
var discoverJS string

// View is what one actor's browser shows at one URL (proofrun discover).
type View struct {
	URL      string // where the page ended, after redirects
	Status   int    // the document status
	Title    string
	Heading  string // Filament's page heading: a record page's identity text
	Text     string // the visible text, bounded, for identity checks
	Links    []Link
	Actions  []OfferedAction
	Findings []proof.Finding // what the monitors saw on this page
}

// Link is one link of a page and where it sits: nav, topbar, tabs,
// pagination, row, breadcrumbs or body.
type Link struct {
	Href  string `json:"href"`
	Zone  string `json:"zone"`
	Label string `json:"label"`
}

// OfferedAction is one action button a page offers: zone header, row (of the
// first rows), bulk or page.
type OfferedAction struct {
	Label    string `json:"label"`
	Zone     string `json:"zone"`
	Disabled bool   `json:"disabled"`
}

// Viewer is one actor's tab, reused from page to page (navigating costs a
// fraction of opening a page), with its monitors on. Not safe for concurrent
// use: give each worker its own.
type Viewer struct {
	b     *Browser
	t     *tab
	seen  int // findings already returned by earlier views
	Actor string
}

// Viewer opens a tab holding the actor's session (logging it in once per
// run, through the shared Sessions).
func (b *Browser) Viewer(ctx context.Context, actor string) (*Viewer, error) {
	t, err := b.openTab(ctx, scenario.Allow{})
	if err != nil {
		return nil, infraf("%v", err)
	}
	r := &run{b: b, tab: t}
	if err := r.useActor(ctx, actor); err != nil {
		t.close()
		return nil, err
	}
	return &Viewer{b: b, t: t, Actor: actor}, nil
}

// View loads rawURL, waits for Livewire idle and reads the page. Bounded by
// the step timeout. A target that does not answer is an infrastructure error.
func (v *Viewer) View(ctx context.Context, rawURL string) (View, error) {
	ctx, cancel := context.WithTimeout(ctx, v.b.opts.StepTimeout)
	defer cancel()
	v.t.watch.SetStep("discover " + rawURL)
	doc, err := v.t.navigate(ctx, rawURL)
	if err != nil {
		return View{}, err
	}
	if err := v.t.idle(ctx); err != nil {
		return View{}, err
	}
	out := View{Status: doc.Status}
	if out.URL, err = v.t.url(ctx); err != nil {
		return View{}, err
	}
	var page struct {
		Title   string          `json:"title"`
		Heading string          `json:"heading"`
		Text    string          `json:"text"`
		Links   []Link          `json:"links"`
		Actions []OfferedAction `json:"actions"`
	}
	res, err := v.t.p(ctx).Evaluate(rod.Eval(discoverJS, v.b.opts.Profile.DOM))
	if err != nil {
		return View{}, fmt.Errorf("read page %s: %w", rawURL, err)
	}
	if err := res.Value.Unmarshal(&page); err != nil {
		return View{}, fmt.Errorf("read page %s: %w", rawURL, err)
	}
	out.Title, out.Heading, out.Text, out.Links, out.Actions = page.Title, page.Heading, page.Text, page.Links, page.Actions
	all := v.t.watch.Findings()
	out.Findings = append(out.Findings, all[v.seen:]...)
	v.seen = len(all)
	return out, nil
}

// Screenshot is a full-page screenshot of the current page, secrets masked.
func (v *Viewer) Screenshot(ctx context.Context) ([]byte, error) {
	return v.t.screenshot(ctx, v.b.opts.Redactor.Secrets())
}

// Close ends the viewer's context.
func (v *Viewer) Close() { v.t.close() }

// Cookies are the actor's session cookies (logging it in once per run), for
// plain HTTP requests made as that actor.
func (b *Browser) Cookies(ctx context.Context, actor string) ([]*http.Cookie, error) {
	if _, _, err := b.loginURL(actor); err != nil {
		return nil, err
	}
	params, _, err := b.opts.Sessions.get(ctx, actor, b.loginFresh(actor))
	if err != nil {
		return nil, err
	}
	out := make([]*http.Cookie, 0, len(params))
	for _, c := range params {
		out = append(out, &http.Cookie{Name: c.Name, Value: c.Value, Path: c.Path, Domain: c.Domain})
	}
	return out, nil
}

// UserAgent is the user agent the browser's pages send.
func (b *Browser) UserAgent() string { return b.userAgent }

package driver

import (
	"context"
	_ "embed"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"github.com/proofrun/proofrun/internal/redact"
)

//go:embed snapshot.js
var snapshotJS string

// domSnapshot is the page's DOM after a step (snapshot.js 'take'): with
// trace on-failure, what a screenshot is rebuilt from if the scenario fails.
// Taking one costs a few milliseconds where a masked capture costs 50 to
// 110: capturing after every step doubled the whole pack's wall time. It is
// held in memory only and never saved: a screenshot of it is, masked like
// every other.
type domSnapshot struct {
	HTML string  `json:"html"`
	X    float64 `json:"x"` // the page's scroll position, fractional when zoomed
	Y    float64 `json:"y"`
}

// readyWait bounds, in milliseconds, the wait for a rebuilt page's
// stylesheets, images and fonts: what is still missing then is missing from
// the screenshot, which is still taken.
const readyWait = 2000

// rebuildBudget bounds the rebuilding of one scenario's screenshots.
const rebuildBudget = 30 * time.Second

// snapshot serializes the tab's page.
func (t *tab) snapshot(ctx context.Context) (*domSnapshot, error) {
	res, err := t.p(ctx).Evaluate(rod.Eval(snapshotJS, "take", map[string]string{"state": t.state}))
	if err != nil {
		return nil, err
	}
	var s domSnapshot
	if err := res.Value.Unmarshal(&s); err != nil {
		return nil, err
	}
	return &s, nil
}

// rebuild turns the held snapshots into screenshots: each is loaded, with
// its secrets redacted and scripts off, into a page of the scenario's own
// context (whose cache holds the page's stylesheets; the page is not of the
// target's site, so an image behind a SameSite session may be missing), and
// captured through the one masked capture, which withholds what it cannot
// mask. Scripts that cannot be turned off leave every snapshot unbuilt. A
// snapshot that cannot be rebuilt becomes an event of the run.
func (r *run) rebuild() {
	if !r.held() {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), rebuildBudget)
	defer cancel()
	page, err := r.tab.inc.Page(proto.TargetCreateTarget{})
	if err != nil {
		r.event("no step screenshots: the page to rebuild them in could not be opened: %v", err)
		return
	}
	defer func() { _ = page.Context(ctx).Close() }()
	view := &tab{inc: r.tab.inc, page: page}
	p := page.Context(ctx)
	if err := (proto.EmulationSetScriptExecutionDisabled{Value: true}).Call(p); err != nil {
		r.event("no step screenshots: scripts could not be turned off to rebuild them: %v", err)
		return
	}
	if err := p.SetViewport(r.b.viewport()); err != nil {
		r.event("no step screenshots: %v", err)
		return
	}
	for i := range r.shots {
		s := &r.shots[i]
		if s.dom == nil {
			continue
		}
		png, withheld, err := view.rebuilt(ctx, r.b.opts.Redactor, s.dom)
		s.dom = nil
		if err != nil {
			r.event("no %s screenshot: it could not be rebuilt from the page's DOM: %v", s.name, err)
			continue
		}
		if withheld != "" {
			s.name += withheldSuffix
		}
		s.png, s.rebuilt = png, true
	}
}

// held says whether a snapshot waits to be rebuilt.
func (r *run) held() bool {
	for _, s := range r.shots {
		if s.dom != nil {
			return true
		}
	}
	return false
}

// rebuilt loads one snapshot into t's page and captures its viewport.
func (t *tab) rebuilt(ctx context.Context, red *redact.Redactor, s *domSnapshot) ([]byte, string, error) {
	p := t.p(ctx)
	if err := p.SetDocumentContent(red.String(s.HTML)); err != nil {
		return nil, "", err
	}
	tree, err := proto.PageGetFrameTree{}.Call(p)
	if err != nil {
		return nil, "", err
	}
	w, err := proto.PageCreateIsolatedWorld{FrameID: tree.FrameTree.Frame.ID, WorldName: maskWorld}.Call(p)
	if err != nil {
		return nil, "", err
	}
	ready := map[string]float64{"wait": readyWait, "x": s.X, "y": s.Y}
	if err := callIn(p, w.ExecutionContextID, snapshotJS, []any{"ready", ready}, nil); err != nil {
		return nil, "", err
	}
	return t.capture(ctx, red, true)
}

package driver

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"github.com/proofrun/proofrun/internal/monitor"
	"github.com/proofrun/proofrun/internal/profile"
	"github.com/proofrun/proofrun/internal/scenario"
)

//go:embed dom.js
var domJS string

// libCall is the function that runs one function of dom.js in the page,
// with prof's selectors.
func libCall(prof *profile.Profile) string {
	return fmt.Sprintf("function(fn, ...args) { const lib = (%s)(%s); return lib[fn].apply(this, args) }", domJS, prof.Script())
}

// unreachable are the navigation errors that mean the target is down or
// unreachable (an infrastructure error, not a failed proof).
var unreachable = map[string]bool{
	"net::ERR_CONNECTION_REFUSED":      true,
	"net::ERR_CONNECTION_RESET":        true,
	"net::ERR_CONNECTION_CLOSED":       true,
	"net::ERR_CONNECTION_TIMED_OUT":    true,
	"net::ERR_CONNECTION_FAILED":       true,
	"net::ERR_EMPTY_RESPONSE":          true,
	"net::ERR_NAME_NOT_RESOLVED":       true,
	"net::ERR_ADDRESS_UNREACHABLE":     true,
	"net::ERR_INTERNET_DISCONNECTED":   true,
	"net::ERR_TIMED_OUT":               true,
	"net::ERR_SSL_PROTOCOL_ERROR":      true,
	"net::ERR_CERT_AUTHORITY_INVALID":  true,
	"net::ERR_PROXY_CONNECTION_FAILED": true,
}

// tab is one page in its own incognito context, with its monitors: what a
// scenario or a login drives.
type tab struct {
	inc   *rod.Browser // the incognito context
	page  *rod.Page
	watch *monitor.Watcher
	lib   string // libCall of the browser's profile
	state string // the profile's attribute holding a component's state
}

// openTab creates an incognito context and a blank page with the configured
// user agent and viewport, and attaches the monitors before any navigation.
func (b *Browser) openTab(ctx context.Context, allow scenario.Allow) (*tab, error) {
	inc, err := b.rod.Context(ctx).Incognito()
	if err != nil {
		return nil, fmt.Errorf("create incognito context: %w", err)
	}
	t := &tab{inc: inc, lib: libCall(b.opts.Profile), state: b.opts.Profile.Livewire.SnapshotAttr}
	if err := t.setup(ctx, b, allow); err != nil {
		t.close()
		return nil, err
	}
	return t, nil
}

func (t *tab) setup(ctx context.Context, b *Browser, allow scenario.Allow) error {
	page, err := t.inc.Page(proto.TargetCreateTarget{})
	if err != nil {
		return fmt.Errorf("open page: %w", err)
	}
	t.page = page.Context(context.Background())
	p := page.Context(ctx)
	if err := p.SetUserAgent(&proto.NetworkSetUserAgentOverride{UserAgent: b.userAgent}); err != nil {
		return fmt.Errorf("set user agent: %w", err)
	}
	if err := p.SetViewport(b.viewport()); err != nil {
		return fmt.Errorf("set viewport: %w", err)
	}
	merged := scenario.Allow{
		Console: append(append([]string(nil), b.opts.Allow.Console...), allow.Console...),
		Status:  append(append([]scenario.StatusRule(nil), b.opts.Allow.Status...), allow.Status...),
	}
	t.watch, err = monitor.Attach(context.Background(), page, merged, b.opts.Redactor, b.opts.SettleTimers, b.opts.Profile)
	return err
}

// viewport is the configured viewport of every page.
func (b *Browser) viewport() *proto.EmulationSetDeviceMetricsOverride {
	return &proto.EmulationSetDeviceMetricsOverride{Width: b.opts.Browser.Width, Height: b.opts.Browser.Height, DeviceScaleFactor: 1}
}

// close ends the incognito context and its page. Bounded: a dead browser
// must not hang the run.
func (t *tab) close() {
	if t.watch != nil {
		t.watch.Close()
	}
	_ = t.inc.Timeout(5 * time.Second).Close()
}

// p is the page bound to ctx.
func (t *tab) p(ctx context.Context) *rod.Page { return t.page.Context(ctx) }

// navigate loads rawURL and waits for the load event; it returns the
// document response. A connection failure is an infrastructure error.
func (t *tab) navigate(ctx context.Context, rawURL string) (monitor.Document, error) {
	before := t.watch.Document().Seq
	p := t.p(ctx)
	if err := p.Navigate(rawURL); err != nil {
		var nav *rod.NavigationError
		switch {
		case !errors.As(err, &nav):
			return monitor.Document{}, awaiting(err, "the page %s did not load", pathOf(rawURL))
		case unreachable[nav.Reason]:
			return monitor.Document{}, infraf("target unreachable: %s: %s", rawURL, nav.Reason)
		case nav.Reason != "net::ERR_HTTP_RESPONSE_CODE_FAILURE":
			return monitor.Document{}, fmt.Errorf("navigation to %s failed: %s", rawURL, nav.Reason)
		}
		// Chromium reports an HTTP error status with an empty body as a
		// navigation error; the status is what the step checks.
	}
	if err := p.WaitLoad(); err != nil {
		return monitor.Document{}, awaiting(err, "the page %s did not load", pathOf(rawURL))
	}
	doc, err := t.watch.AwaitDocument(ctx, before)
	return doc, awaiting(err, "the page %s did not load", pathOf(rawURL))
}

// idle waits until the page has settled after what the step did (see
// monitor.Watcher.WaitIdle); a page still busy at the deadline is a wait on
// the target.
func (t *tab) idle(ctx context.Context) error {
	err := t.watch.WaitIdle(ctx)
	var busy *monitor.BusyError
	if errors.As(err, &busy) {
		return awaiting(err, "the page did not settle (%s)", busy.Busy())
	}
	return err
}

// pathOf shortens a URL to its path and query for messages.
func pathOf(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Path == "" {
		return rawURL
	}
	return u.RequestURI()
}

// call runs a dom.js function and decodes its JSON result into out.
func (t *tab) call(ctx context.Context, out any, fn string, args ...any) error {
	res, err := t.p(ctx).Evaluate(rod.Eval(t.lib, append([]any{fn}, args...)...))
	if err != nil {
		return err
	}
	return res.Value.Unmarshal(out)
}

// element runs a dom.js function that returns an element; nil when it
// found none.
func (t *tab) element(ctx context.Context, fn string, args ...any) (*rod.Element, error) {
	el, _, err := t.pick(ctx, fn, args...)
	return el, err
}

// pick runs a dom.js function that returns an element or, when there is no
// single one, a string saying why (no match, several matches).
func (t *tab) pick(ctx context.Context, fn string, args ...any) (*rod.Element, string, error) {
	p := t.p(ctx)
	res, err := p.Evaluate(rod.Eval(t.lib, append([]any{fn}, args...)...).ByObject())
	if err != nil {
		return nil, "", err
	}
	if res.Type == proto.RuntimeRemoteObjectTypeString {
		return nil, res.Value.Str(), nil
	}
	if res.Type != proto.RuntimeRemoteObjectTypeObject || res.Subtype == proto.RuntimeRemoteObjectSubtypeNull {
		return nil, "", nil
	}
	el, err := p.ElementFromObject(res)
	return el, "", err
}

// url is the page's current location.
func (t *tab) url(ctx context.Context) (string, error) {
	var href string
	res, err := t.p(ctx).Evaluate(rod.Eval(`() => location.href`))
	if err == nil {
		href = res.Value.Str()
	}
	return href, err
}

// fill replaces a field's value the way a user types it, firing input and
// change events for wire:model.
func fill(ctx context.Context, el *rod.Element, value string) error {
	el = el.Context(ctx)
	if _, err := el.Eval(`function() { if ('value' in this) this.value = '' }`); err != nil {
		return err
	}
	return el.Input(value)
}

// click clicks el once; it never retries.
func click(ctx context.Context, el *rod.Element) error {
	return el.Context(ctx).Click(proto.InputMouseButtonLeft, 1)
}

// recheck bounds the wait for a DOM change between two checks of the page:
// a change no mutation reports (a stylesheet, a layout) is seen by then.
const recheck = 500 * time.Millisecond

// pollDOM calls check now and again after every change of the page's DOM
// until it reports done or ctx ends, like poll but woken by the page's
// mutations rather than a clock.
func (t *tab) pollDOM(ctx context.Context, check func() (bool, error)) error {
	// Most checks hold at once, after a settled step: the first wait only
	// reads the mutation count, for the next.
	seen, wait := 1<<30, time.Duration(0)
	return pollWith(ctx, check, func() {
		seen, wait = t.watch.Changes(ctx, seen, wait), recheck
	})
}

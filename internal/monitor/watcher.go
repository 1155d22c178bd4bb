// Package monitor watches one browser page for the failures a scenario must
// not pass over: console errors, uncaught exceptions and unhandled rejections,
// responses >= 500, failed Livewire updates, Livewire's error dialog, Filament's
// error notification and JS dialogs (which it dismisses so the page never
// hangs). It also tells the driver when the page has settled after a step:
// when what the step caused (a navigation, Livewire updates and their morph,
// short timers, animations) has ended, watched through events, not a clock.
//
// A Watcher is attached before the page's first navigation: it subscribes to
// the Runtime, Network, Log and Page domains and installs a small script in
// every new document that reports the DOM-only signals through a CDP binding.
package monitor

import (
	"context"
	_ "embed"
	"fmt"
	"net/url"
	"sort"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"

	"github.com/proofrun/proofrun/internal/profile"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/redact"
	"github.com/proofrun/proofrun/internal/scenario"
)

// The finding kinds.
const (
	Console       = "console"
	Exception     = "exception"
	Rejection     = "rejection"
	HTTP          = "http"
	Livewire      = "livewire"
	LivewireError = "livewire-error"
	Notification  = "notification"
	Dialog        = "dialog"
)

// maxMessage bounds a finding's message (in runes): an error page can be huge.
const maxMessage = 500

// binding is the CDP binding page.js reports through.
const binding = "__proofrunSignal"

//go:embed page.js
var pageJS string

// Watcher collects the findings of one page. All methods are safe for
// concurrent use.
type Watcher struct {
	page   *rod.Page
	allow  allowList
	redact *redact.Redactor
	cancel context.CancelFunc
	done   chan struct{}
	wake   chan struct{} // the event loop saw a change WaitIdle may wait for
	timers time.Duration // page timers due within this are part of a step
	rec    *recorder

	mu       sync.Mutex
	step     string
	findings []proof.Finding
	seen     map[string]bool // de-duplication keys of reported findings
	requests map[proto.NetworkRequestID]*request
	inFlight int             // Livewire updates and main-frame navigations under way
	updates  map[string]bool // Livewire update URIs the page announced (origin+path)
	expected map[string]bool // url+status responses a step asserts itself
	// lastFailure says whether the latest failed Livewire update was allowed,
	// so the DOM signals it causes (error dialog, notification, 419 dialog)
	// are judged like the update itself.
	lastFailure *bool
	doc         Document
	syncSent    int // settle calls made
	synced      int // the latest settle call whose report the event loop handled
}

// request is what the watcher remembers of a request until it ends.
type request struct {
	url      string
	livewire bool
	document bool // a main-frame navigation
	open     bool // counted in inFlight
}

// Document is the latest main-frame document response.
type Document struct {
	URL    string
	Status int
	Seq    int // increases with every document response, so a caller can wait for a new one
}

// Attach starts watching page. Call it before the page's first navigation;
// Close ends the watch. allow lists the findings that do not count. A timer
// the page sets that is due within timers is waited for as part of the step
// that caused it (0: none is). prof says where the DOM signals are (nil:
// profile.Default).
func Attach(ctx context.Context, page *rod.Page, allow scenario.Allow, r *redact.Redactor, timers time.Duration, prof *profile.Profile) (*Watcher, error) {
	list, err := compileAllow(allow)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	w := &Watcher{
		page:     page.Context(ctx),
		allow:    list,
		redact:   r,
		cancel:   cancel,
		done:     make(chan struct{}),
		wake:     make(chan struct{}, 1),
		timers:   timers,
		rec:      newRecorder(r),
		seen:     map[string]bool{},
		requests: map[proto.NetworkRequestID]*request{},
		updates:  map[string]bool{},
		expected: map[string]bool{},
	}
	if prof == nil {
		prof = profile.Default()
	}
	if err := w.install(prof); err != nil {
		cancel()
		return nil, fmt.Errorf("attach monitors: %w", err)
	}
	wait := w.page.EachEvent(
		w.onConsole, w.onException, w.onLog, w.onDialog, w.onBinding,
		w.onRequest, w.onResponse, w.onFinished, w.onFailed,
	)
	go func() {
		defer close(w.done)
		wait()
	}()
	return w, nil
}

// install enables the domains and the page script before any navigation.
func (w *Watcher) install(prof *profile.Profile) error {
	for _, req := range []proto.Request{proto.RuntimeEnable{}, proto.NetworkEnable{}, proto.LogEnable{}, proto.PageEnable{}} {
		if _, err := w.page.Call(w.page.GetContext(), string(w.page.SessionID), req.ProtoReq(), req); err != nil {
			return err
		}
	}
	if err := (proto.RuntimeAddBinding{Name: binding}).Call(w.page); err != nil {
		return err
	}
	_, err := w.page.EvalOnNewDocument(pageJS + fmt.Sprintf("(%q, %d, %s);", binding, w.timers.Milliseconds(), prof.Script()))
	return err
}

// SetStep names the step that is running, for the findings that follow.
func (w *Watcher) SetStep(label string) {
	w.mu.Lock()
	w.step = label
	w.lastFailure = nil
	w.mu.Unlock()
	w.rec.mu.Lock()
	w.rec.bodies = false
	w.rec.mu.Unlock()
}

// Findings returns what the monitors saw that no allow-list names, in the
// order it happened.
func (w *Watcher) Findings() []proof.Finding {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := append([]proof.Finding(nil), w.findings...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// Expect tells the watcher that a step asserts the status of a response from
// rawURL itself (a visit expecting 500, an invoke expecting 403), so that
// response is not a finding.
func (w *Watcher) Expect(rawURL string, status int) {
	w.mu.Lock()
	w.expected[expectKey(rawURL, status)] = true
	w.mu.Unlock()
}

// Document returns the latest main-frame document response.
func (w *Watcher) Document() Document {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.doc
}

// Close stops watching. It is safe to call twice.
func (w *Watcher) Close() {
	w.cancel()
	<-w.done
}

// add records a finding unless it was reported before or allowed.
func (w *Watcher) add(kind, rawURL string, status int, message string, allowed bool) {
	message = w.redact.Clip(message, maxMessage)
	rawURL = w.redact.String(rawURL)
	key := fmt.Sprint(kind, "|", rawURL, "|", status, "|", message)
	if kind == HTTP || kind == Livewire {
		// The Network and Log domains both report a failed response.
		key = fmt.Sprint("status|", rawURL, "|", status)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.seen[key] {
		return
	}
	w.seen[key] = true
	if allowed || w.allow.message(message) {
		return
	}
	w.findings = append(w.findings, proof.Finding{
		Kind: kind, URL: rawURL, Status: status, Message: message, Step: w.step, At: time.Now(),
	})
}

// statusAllowed reports whether a response is allowed by the lists or
// asserted by a step. Call with w.mu held.
func (w *Watcher) statusAllowed(rawURL string, status int) bool {
	return w.expected[expectKey(rawURL, status)] || w.allow.response(rawURL, status)
}

func expectKey(rawURL string, status int) string {
	if u, err := url.Parse(rawURL); err == nil {
		u.Fragment = ""
		rawURL = u.String()
	}
	return fmt.Sprint(rawURL, " ", status)
}

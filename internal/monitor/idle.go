package monitor

import (
	"context"
	"fmt"
	"time"

	"github.com/go-rod/rod"
)

// maxChurn bounds how long WaitIdle waits for a DOM that keeps changing while
// no request is in flight (a spinner, a clock): such a page is as idle as it
// gets.
const maxChurn = 2 * time.Second

// pageState is what page.js counts inside the page.
type pageState struct {
	Pending int     `json:"pending"`
	QuietMS float64 `json:"quiet"`
	Ready   string  `json:"ready"`
}

// stateJS reads page.js's counters; with touch it first restarts the quiet
// period, so an update the step's action is about to send cannot be missed.
const stateJS = `(touch) => {
	const s = window.__proofrun;
	if (!s) return { pending: 0, quiet: 1e9, ready: document.readyState };
	if (touch) s.last = performance.now();
	return { pending: s.pending, quiet: performance.now() - s.last, ready: document.readyState };
}`

// WaitIdle waits until no Livewire update or navigation is in flight (seen
// from CDP and from inside the page), the document has loaded and the DOM has
// not changed for quiet. ctx bounds the wait; the error says what was still
// busy.
func (w *Watcher) WaitIdle(ctx context.Context, quiet time.Duration) error {
	page := w.page.Context(ctx)
	touched := false
	var churnSince time.Time
	for {
		var st pageState
		res, err := page.Evaluate(rod.Eval(stateJS, !touched))
		if err == nil {
			err = res.Value.Unmarshal(&st)
		}
		w.mu.Lock()
		inFlight := w.inFlight
		w.mu.Unlock()
		if err == nil {
			touched = true
			busy := inFlight > 0 || st.Pending > 0 || st.Ready == "loading"
			switch {
			case !busy && st.QuietMS >= float64(quiet.Milliseconds()):
				return nil
			case busy:
				churnSince = time.Time{}
			case churnSince.IsZero():
				churnSince = time.Now()
			case time.Since(churnSince) > maxChurn:
				return nil
			}
		}
		// An evaluation error is a navigation in progress: look again.
		select {
		case <-ctx.Done():
			return &BusyError{InFlight: inFlight, Pending: st.Pending, Ready: orUnknown(st.Ready), Err: ctx.Err()}
		case <-time.After(PollEvery):
		}
	}
}

// BusyError is WaitIdle ending before the page was idle: the time went to
// waiting on the target (requests in flight, a document loading).
type BusyError struct {
	InFlight int    // Livewire updates and navigations seen over CDP
	Pending  int    // Livewire updates counted inside the page
	Ready    string // document.readyState
	Err      error  // the context's error
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("waiting for Livewire idle (%s): %v", e.Busy(), e.Err)
}

func (e *BusyError) Unwrap() error { return e.Err }

// Busy says what was still busy.
func (e *BusyError) Busy() string {
	return fmt.Sprintf("%d request(s) in flight, %d in the page, document %s", e.InFlight, e.Pending, e.Ready)
}

// Loading returns the URL of the main-frame navigation in flight, "" when
// none: a login knows from it that the landing page is on its way.
func (w *Watcher) Loading() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, r := range w.requests {
		if r.document {
			return r.url
		}
	}
	return ""
}

// Busy reports whether a Livewire update or a navigation is in flight.
func (w *Watcher) Busy() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.inFlight > 0
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

package monitor

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/go-rod/rod"
)

// slice bounds one settle call inside the page, so WaitIdle looks at its
// own side (CDP, its deadline) at least this often.
const slice = time.Second

// lookAgain is how soon WaitIdle asks again while a navigation replaces the
// document (the page cannot tell it when the new one is there).
const lookAgain = 25 * time.Millisecond

// maxStalled bounds how long a navigation the page announced may go without
// a request CDP sees (one the browser cancelled, a download): the page is as
// settled as it gets.
const maxStalled = 2 * time.Second

// pageState is what page.js's settle reports.
type pageState struct {
	Status  string `json:"status"` // idle, navigating, busy (the slice ended)
	Pending int    `json:"pending"`
	Timers  int    `json:"timers"`
	Ready   string `json:"ready"`
	Blank   bool   `json:"blank"` // no page.js in the document (about:blank, an error page)
}

// settleJS runs page.js's settle; sync is reported through the binding once
// the page is settled.
const settleJS = `(slice, sync) => {
	const s = window.__proofrun;
	if (!s) return { status: 'idle', blank: true, ready: document.readyState };
	return s.settle(slice, sync);
}`

// WaitIdle waits until what the page was doing has ended: no navigation or
// Livewire update in flight (seen from CDP and from inside the page), no
// other request or short timer the page started pending, the morph done and
// one frame painted without a change (page.js settle). It returns at once on
// a page that changed nothing since the last wait. Before it returns, the
// watcher has handled every event the page sent while settling, so a finding
// the step caused is the step's. ctx bounds the wait; the error says what
// was still busy.
func (w *Watcher) WaitIdle(ctx context.Context) error {
	page := w.page.Context(ctx)
	var st pageState
	var stalled time.Time
	for {
		sync := w.nextSync()
		res, err := page.Evaluate(rod.Eval(settleJS, slice.Milliseconds(), sync).ByPromise())
		if err == nil {
			st = pageState{}
			err = res.Value.Unmarshal(&st)
		}
		switch {
		case ctx.Err() != nil:
			return w.busy(st, ctx.Err())
		case err != nil:
			// The document went away under the call (a navigation): ask
			// the next one.
			w.await(ctx, lookAgain)
		case st.Status == "navigating":
			if w.Loading() != "" || stalled.IsZero() {
				stalled = time.Now()
			} else if time.Since(stalled) > maxStalled {
				return nil
			}
			w.await(ctx, lookAgain)
		case st.Status != "idle":
			// The slice ended: look at the deadline, then ask again.
		case w.Busy():
			// CDP still sees a navigation or an update the page has not
			// started on its side yet.
			w.await(ctx, slice)
		case st.Blank:
			return nil
		default:
			if err := w.awaitSync(ctx, sync); err != nil {
				return w.busy(st, err)
			}
			return nil
		}
	}
}

// Changes waits until the DOM changed after the mutation count since, or
// for at most max, and returns the count then: a check of the page polls on
// it instead of on a clock. A navigation under way ends it early.
func (w *Watcher) Changes(ctx context.Context, since int, max time.Duration) int {
	res, err := w.page.Context(ctx).Evaluate(rod.Eval(`(since, ms) => {
		const s = window.__proofrun;
		return s ? s.changes(since, ms) : -1;
	}`, since, max.Milliseconds()).ByPromise())
	if err != nil || res.Value.Int() < 0 {
		// A document on its way, or none with page.js: look again soon.
		w.await(ctx, lookAgain)
		return -1
	}
	return res.Value.Int()
}

// Version names the state of the page's DOM: it differs after any change
// to it (a mutation, a new document). "" when the page cannot tell (no
// page.js in the document), which matches no other version.
func (w *Watcher) Version(ctx context.Context) (string, error) {
	res, err := w.page.Context(ctx).Evaluate(rod.Eval(`() => {
		const s = window.__proofrun;
		return s ? performance.timeOrigin + ':' + s.mutations : '';
	}`))
	if err != nil {
		return "", err
	}
	return res.Value.Str(), nil
}

// AwaitDocument waits until a main-frame document response newer than seq
// has arrived (the response event can trail the load event over CDP) and
// returns it.
func (w *Watcher) AwaitDocument(ctx context.Context, seq int) (Document, error) {
	for {
		if d := w.Document(); d.Seq > seq {
			return d, nil
		}
		if err := w.await(ctx, slice); err != nil {
			return Document{}, err
		}
	}
}

// nextSync numbers a settle call.
func (w *Watcher) nextSync() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.syncSent++
	return w.syncSent
}

// awaitSync waits until the event loop has handled the page's report of
// settle call sync: every event the page sent before it is handled too.
func (w *Watcher) awaitSync(ctx context.Context, sync int) error {
	for {
		w.mu.Lock()
		done := w.synced >= sync
		w.mu.Unlock()
		if done {
			return nil
		}
		if err := w.await(ctx, slice); err != nil {
			return err
		}
	}
}

// await waits for the event loop to report a change (a request ended, a
// document arrived, a settle reported), for at most d.
func (w *Watcher) await(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-w.wake:
	case <-t.C:
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}

// notify wakes a waiting await; it never blocks.
func (w *Watcher) notify() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

func (w *Watcher) onSync(msg string) {
	n, err := strconv.Atoi(msg)
	if err != nil {
		return
	}
	w.mu.Lock()
	w.synced = max(w.synced, n)
	w.mu.Unlock()
	w.notify()
}

func (w *Watcher) busy(st pageState, err error) error {
	w.mu.Lock()
	inFlight := w.inFlight
	w.mu.Unlock()
	return &BusyError{InFlight: inFlight, Pending: st.Pending, Timers: st.Timers, Ready: orUnknown(st.Ready), Err: err}
}

// BusyError is WaitIdle ending before the page was idle: the time went to
// waiting on the target (requests in flight, a document loading).
type BusyError struct {
	InFlight int    // Livewire updates and navigations seen over CDP
	Pending  int    // requests counted inside the page
	Timers   int    // short timers the page set and has not run yet
	Ready    string // document.readyState
	Err      error  // the context's error
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("waiting for Livewire idle (%s): %v", e.Busy(), e.Err)
}

func (e *BusyError) Unwrap() error { return e.Err }

// Busy says what was still busy.
func (e *BusyError) Busy() string {
	s := fmt.Sprintf("%d request(s) in flight, %d in the page, document %s", e.InFlight, e.Pending, e.Ready)
	if e.Timers > 0 {
		s += fmt.Sprintf(", %d timer(s) due", e.Timers)
	}
	return s
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

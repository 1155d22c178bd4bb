package monitor

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/go-rod/rod/lib/proto"
)

// The CDP event handlers. They run one at a time on the watcher's event
// goroutine and must not block: anything that calls back into the browser
// runs in its own goroutine.

func (w *Watcher) onConsole(e *proto.RuntimeConsoleAPICalled) {
	parts := make([]string, 0, len(e.Args))
	for _, a := range e.Args {
		parts = append(parts, remoteText(a))
	}
	w.rec.console(w.currentStep(), string(e.Type), strings.Join(parts, " "), stackURL(e.StackTrace))
	if e.Type != proto.RuntimeConsoleAPICalledTypeError {
		return
	}
	w.add(Console, stackURL(e.StackTrace), 0, strings.Join(parts, " "), false)
}

func (w *Watcher) onException(e *proto.RuntimeExceptionThrown) {
	d := e.ExceptionDetails
	what := d.Text
	if d.Exception != nil {
		what = remoteText(d.Exception)
	}
	what, _, _ = strings.Cut(what, "\n") // the first line; the stack is noise in a report
	kind, prefix := Exception, "uncaught exception: "
	if strings.Contains(d.Text, "(in promise)") {
		kind, prefix = Rejection, "unhandled rejection: "
	}
	u := d.URL
	if u == "" {
		u = stackURL(d.StackTrace)
	}
	w.rec.console(w.currentStep(), kind, prefix+what, u)
	w.add(kind, u, 0, prefix+what, false)
}

// statusText matches Chromium's network log line for a failed resource.
var statusText = regexp.MustCompile(`status of (\d{3})`)

// onLog catches failed sub-resources, which sometimes reach only the Log
// domain and never the console.
func (w *Watcher) onLog(e *proto.LogEntryAdded) {
	en := e.Entry
	if en.Source != proto.LogLogEntrySourceNetwork || en.URL == "" {
		return
	}
	m := statusText.FindStringSubmatch(en.Text)
	if m == nil {
		return
	}
	status, _ := strconv.Atoi(m[1])
	w.mu.Lock()
	lw := w.isUpdate(w.requests[en.NetworkRequestID], en.URL)
	w.mu.Unlock()
	w.status(en.URL, status, lw, en.Text)
}

func (w *Watcher) onRequest(e *proto.NetworkRequestWillBeSent) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.rec.request(w.step, e)
	if r, ok := w.requests[e.RequestID]; ok { // a redirect: same request, new URL
		r.url = e.Request.URL
		return
	}
	r := &request{
		url:      e.Request.URL,
		livewire: hasHeader(e.Request.Headers, "X-Livewire"),
		document: e.Type == proto.NetworkResourceTypeDocument && e.FrameID == w.page.FrameID,
	}
	r.livewire = w.isUpdate(r, r.url)
	r.open = r.livewire || r.document
	if r.open {
		w.inFlight++
	}
	w.requests[e.RequestID] = r
}

func (w *Watcher) onResponse(e *proto.NetworkResponseReceived) {
	w.rec.response(e)
	w.mu.Lock()
	r := w.requests[e.RequestID]
	lw := w.isUpdate(r, e.Response.URL)
	if r != nil && r.document {
		w.doc = Document{URL: e.Response.URL, Status: e.Response.Status, Seq: w.doc.Seq + 1}
	}
	w.mu.Unlock()
	w.notify()
	w.status(e.Response.URL, e.Response.Status, lw, fmt.Sprintf("%s answered %d %s", e.Type, e.Response.Status, e.Response.StatusText))
}

func (w *Watcher) onFinished(e *proto.NetworkLoadingFinished) {
	w.rec.end(w, e.RequestID, "")
	w.end(e.RequestID)
}

func (w *Watcher) onFailed(e *proto.NetworkLoadingFailed) {
	w.rec.end(w, e.RequestID, e.ErrorText)
	w.end(e.RequestID)
}

func (w *Watcher) currentStep() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.step
}

func (w *Watcher) end(id proto.NetworkRequestID) {
	w.mu.Lock()
	if r, ok := w.requests[id]; ok {
		if r.open {
			w.inFlight--
		}
		delete(w.requests, id)
	}
	w.mu.Unlock()
	w.notify()
}

// status judges one response: a failed Livewire update from 400, anything
// else from 500. A successful update leaves lastFailure as it is: Filament 4
// and 5 deliver the error notification of a failed update through a second
// update (answered 200), and that notification is the failure's consequence
// until the step ends (SetStep).
func (w *Watcher) status(rawURL string, status int, livewire bool, detail string) {
	if status < 500 && !(livewire && status >= 400) {
		return
	}
	w.mu.Lock()
	allowed := w.statusAllowed(rawURL, status)
	if livewire {
		w.lastFailure = &allowed
	}
	w.mu.Unlock()
	if livewire {
		w.add(Livewire, rawURL, status, fmt.Sprintf("Livewire update answered %d", status), allowed)
		return
	}
	w.add(HTTP, rawURL, status, detail, allowed)
}

// isUpdate reports whether a request is a Livewire update: it carries the
// X-Livewire header, or goes to the update URI the page announced. Call with
// w.mu held.
func (w *Watcher) isUpdate(r *request, rawURL string) bool {
	if r != nil && r.livewire {
		return true
	}
	return w.updates[originPath(rawURL)]
}

// onDialog dismisses every JS dialog (a 419 "page expired" confirm blocks the
// page until answered) and reports it.
func (w *Watcher) onDialog(e *proto.PageJavascriptDialogOpening) {
	go func() { _ = proto.PageHandleJavaScriptDialog{Accept: false}.Call(w.page) }()
	w.add(Dialog, e.URL, 0, fmt.Sprintf("%s: %s", e.Type, e.Message), w.causedByAllowedFailure())
}

// signal is what page.js reports through the binding.
type signal struct {
	Kind    string `json:"kind"`
	Message string `json:"message"`
	URL     string `json:"url"`
}

func (w *Watcher) onBinding(e *proto.RuntimeBindingCalled) {
	if e.Name != binding {
		return
	}
	var s signal
	if json.Unmarshal([]byte(e.Payload), &s) != nil {
		return
	}
	switch s.Kind {
	case "sync":
		w.onSync(s.Message)
	case "update-uri":
		w.mu.Lock()
		w.updates[originPath(s.Message)] = true
		w.mu.Unlock()
	case LivewireError, Notification:
		w.add(s.Kind, s.URL, 0, s.Message, w.causedByAllowedFailure())
	}
}

// causedByAllowedFailure reports whether the latest failed Livewire update
// was allowed: the DOM then shows that failure, which is not news.
func (w *Watcher) causedByAllowedFailure() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.lastFailure != nil && *w.lastFailure
}

func hasHeader(h proto.NetworkHeaders, name string) bool {
	for k := range h {
		if strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}

// remoteText renders a console argument or exception: its value if it has
// one, else its description (an Error's "Error: msg\n at ...").
func remoteText(o *proto.RuntimeRemoteObject) string {
	if o == nil {
		return ""
	}
	if o.Description != "" {
		return o.Description
	}
	if o.Value.Nil() {
		return string(o.Type)
	}
	if s, ok := o.Value.Val().(string); ok {
		return s
	}
	return o.Value.JSON("", "")
}

func stackURL(st *proto.RuntimeStackTrace) string {
	if st == nil || len(st.CallFrames) == 0 {
		return ""
	}
	return st.CallFrames[0].URL
}

// originPath reduces a URL to origin and path, the form page.js announces
// update URIs in.
func originPath(rawURL string) string {
	u, _, _ := strings.Cut(rawURL, "?")
	u, _, _ = strings.Cut(u, "#")
	return u
}

package monitor

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"sync"
	"time"

	"github.com/go-rod/rod/lib/proto"

	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/redact"
)

// The record: every request and console message of the page, each with its
// step, in the trace file's schema (proof.Trace).

// Bounds of the record: a page that polls or logs in a loop must not grow
// it without end.
const (
	maxRecorded = 1000 // requests, and console messages
	maxBody     = 2048 // runes of a response body excerpt
	bodyWait    = 3 * time.Second
)

// recorder builds the Record from the watcher's events. Its methods are
// called from the event handlers with the watcher's step.
type recorder struct {
	red    *redact.Redactor
	mu     sync.Mutex
	rec    proof.Trace
	open   map[proto.NetworkRequestID]*pending
	bodies bool            // the running step asks for response bodies
	fetch  []chan struct{} // body fetches, closed when done
}

type pending struct {
	i     int // index in rec.Requests
	start time.Time
	body  bool
}

func newRecorder(red *redact.Redactor) *recorder {
	return &recorder{red: red, open: map[proto.NetworkRequestID]*pending{}}
}

func (r *recorder) request(step string, e *proto.NetworkRequestWillBeSent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if p, ok := r.open[e.RequestID]; ok { // a redirect
		r.rec.Requests[p.i].URL = r.red.String(e.Request.URL)
		return
	}
	if len(r.rec.Requests) >= maxRecorded {
		return
	}
	q := proof.Request{
		Step: step, Method: e.Request.Method, URL: r.red.String(e.Request.URL), Type: string(e.Type),
		Livewire: r.redactCalls(livewireCalls(e.Request.PostData)),
	}
	if e.Initiator != nil {
		q.Initiator = string(e.Initiator.Type)
	}
	r.rec.Requests = append(r.rec.Requests, q)
	r.open[e.RequestID] = &pending{i: len(r.rec.Requests) - 1, start: time.Now(), body: r.bodies}
}

func (r *recorder) response(e *proto.NetworkResponseReceived) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if p, ok := r.open[e.RequestID]; ok {
		r.rec.Requests[p.i].Status = e.Response.Status
		p.body = p.body || e.Response.Status >= 400
	}
}

// end closes a request; w fetches the kept body off the event goroutine.
func (r *recorder) end(w *Watcher, id proto.NetworkRequestID, failed string) {
	r.mu.Lock()
	p, ok := r.open[id]
	delete(r.open, id)
	if ok {
		r.rec.Requests[p.i].DurationMS = time.Since(p.start).Milliseconds()
		r.rec.Requests[p.i].Failed = failed
	}
	r.mu.Unlock()
	if !ok || !p.body || failed != "" {
		return
	}
	done := make(chan struct{})
	r.mu.Lock()
	r.fetch = append(r.fetch, done)
	r.mu.Unlock()
	go func() {
		defer close(done)
		ctx, cancel := context.WithTimeout(w.page.GetContext(), bodyWait)
		defer cancel()
		res, err := proto.NetworkGetResponseBody{RequestID: id}.Call(w.page.Context(ctx))
		if err != nil {
			return
		}
		body := res.Body
		if res.Base64Encoded {
			b, err := base64.StdEncoding.DecodeString(body)
			if err != nil {
				return
			}
			body = string(b)
		}
		r.mu.Lock()
		r.rec.Requests[p.i].Body = r.red.Clip(body, maxBody)
		r.mu.Unlock()
	}()
}

func (r *recorder) console(step, level, text, rawURL string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.rec.Console) >= maxRecorded {
		return
	}
	r.rec.Console = append(r.rec.Console, proof.Message{
		Step: step, Level: level, Text: r.red.Clip(text, maxMessage), URL: r.red.String(rawURL), At: time.Now(),
	})
}

func (r *recorder) redactCalls(calls []proof.Call) []proof.Call {
	for i := range calls {
		calls[i].Component = r.red.String(calls[i].Component)
		for j, m := range calls[i].Methods {
			calls[i].Methods[j] = r.red.String(m)
		}
	}
	return calls
}

// livewireCalls reads the components and methods of a Livewire update's
// payload: components[].calls[].method, the component named by its
// snapshot's memo.name (the snapshot is JSON in a string). Anything else
// gives nil.
func livewireCalls(payload string) []proof.Call {
	var body struct {
		Components []struct {
			Snapshot string `json:"snapshot"`
			Calls    []struct {
				Method string `json:"method"`
			} `json:"calls"`
		} `json:"components"`
	}
	if payload == "" || json.Unmarshal([]byte(payload), &body) != nil {
		return nil
	}
	var out []proof.Call
	for _, c := range body.Components {
		var snap struct {
			Memo struct {
				Name string `json:"name"`
			} `json:"memo"`
		}
		_ = json.Unmarshal([]byte(c.Snapshot), &snap)
		call := proof.Call{Component: snap.Memo.Name}
		for _, m := range c.Calls {
			call.Methods = append(call.Methods, m.Method)
		}
		out = append(out, call)
	}
	return out
}

// Sent records a request the driver sent itself, outside the page (a
// request step): its answer's status and body excerpt, or why it got none.
func (w *Watcher) Sent(method, rawURL string, status int, took time.Duration, failed, body string) {
	step := w.currentStep()
	r := w.rec
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.rec.Requests) >= maxRecorded {
		return
	}
	r.rec.Requests = append(r.rec.Requests, proof.Request{
		Step: step, Method: method, URL: r.red.String(rawURL), Status: status, Type: "Other", Initiator: SentInitiator,
		DurationMS: took.Milliseconds(), Failed: r.red.Clip(failed, maxMessage), Body: r.red.Clip(body, maxBody),
	})
}

// SentInitiator is the initiator of the requests a step sent from outside
// the page (Sent).
const SentInitiator = "proofrun"

// KeepBodies asks for the response bodies of the requests the running step
// sends (an invoke, a request); the next SetStep ends it.
func (w *Watcher) KeepBodies() {
	w.rec.mu.Lock()
	w.rec.bodies = true
	w.rec.mu.Unlock()
}

// Record returns the page's network and console record so far, once the
// response bodies asked for are fetched.
func (w *Watcher) Record() proof.Trace {
	w.rec.mu.Lock()
	fetch := w.rec.fetch
	w.rec.mu.Unlock()
	for _, done := range fetch {
		<-done
	}
	w.rec.mu.Lock()
	defer w.rec.mu.Unlock()
	return proof.Trace{
		Requests: append([]proof.Request{}, w.rec.rec.Requests...),
		Console:  append([]proof.Message{}, w.rec.rec.Console...),
	}
}

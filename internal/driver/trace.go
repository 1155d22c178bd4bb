package driver

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/proofrun/proofrun/internal/proof"
)

// The run.trace settings.
const (
	TraceOff       = "off"
	TraceOnFailure = "on-failure"
	TraceOn        = "on"
)

// afterStep keeps what shows the page after a passed step (the failing step
// gets the failure screenshot) until the verdict: with trace on, a masked
// capture of the viewport; with on-failure, the page's DOM (domSnapshot),
// rebuilt into a screenshot only if the scenario does not pass. What cannot
// be taken is left out of the trace. After a step that only looked at the
// page, with the DOM unchanged since the last one, the last one stands for
// it.
func (r *run) afterStep(i int) {
	if r.b.opts.Trace == TraceOff {
		return
	}
	ctx, cancel := context.WithTimeout(r.ctx, screenshotWait)
	defer cancel()
	if n := len(r.shots); n > 0 && executors[r.sc.Steps[i].Kind].passive {
		last := r.shots[n-1]
		if v, err := r.tab.watch.Version(ctx); err == nil && v != "" && v == last.version {
			r.shots = append(r.shots, shot{step: i, version: v})
			return
		}
	}
	s := shot{step: i, name: fmt.Sprintf("step-%02d", i+1)}
	if r.b.opts.Trace == TraceOn {
		png, withheld, err := r.tab.capture(ctx, r.b.opts.Redactor, true)
		if err != nil {
			return
		}
		if withheld != "" {
			s.name += withheldSuffix
		}
		s.png = png
	} else {
		dom, err := r.tab.snapshot(ctx)
		if err != nil {
			return
		}
		s.dom = dom
	}
	// Taken after the capture, whose mask changed the DOM and undid it.
	s.version, _ = r.tab.watch.Version(ctx)
	r.shots = append(r.shots, s)
}

// keepTrace saves the after-step screenshots and the network and console
// record when the setting keeps this scenario's trace: always with on, for a
// scenario that did not pass with on-failure. Nothing is saved for an
// interrupted run or a lost browser.
func (r *run) keepTrace(out *Outcome) {
	keep := r.b.opts.Trace == TraceOn || r.b.opts.Trace != TraceOff && out.Result != proof.Proven
	if !keep || r.art == nil || out.Interrupted || out.BrowserLost {
		return
	}
	r.rebuild()
	path, rebuilt := "", false
	for _, s := range r.shots {
		if s.png != nil {
			var err error
			if path, err = r.art.Screenshot(s.name, s.png); err != nil {
				r.event("no %s screenshot: %v", s.name, err)
			}
			rebuilt = s.rebuilt
		} else if s.name != "" {
			// Its snapshot could not be rebuilt: nothing stands for it.
			path = ""
		}
		out.Steps[s.step].Screenshot = path
		out.Steps[s.step].Rebuilt = path != "" && rebuilt
	}
	b, err := json.Marshal(r.tab.watch.Record())
	if err == nil {
		out.Trace, err = r.art.Trace(b)
	}
	if err != nil {
		r.event("no trace: %v", err)
	}
}

// event records evidence of the scenario that could not be saved.
func (r *run) event(format string, a ...any) {
	r.events = append(r.events, oneLine(r.b.opts.Redactor.String(r.sc.ID+": "+fmt.Sprintf(format, a...))))
}

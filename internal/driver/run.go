package driver

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-rod/rod/lib/proto"

	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/scenario"
)

// screenshotWait bounds the failure screenshot, taken after the scenario's
// own deadline may have passed.
const screenshotWait = 5 * time.Second

// Artefacts saves evidence; the run directory (rundir) implements it.
type Artefacts interface {
	Screenshot(name string, png []byte) (relPath string, err error)
	// Trace saves the scenario's trace file: its network and console
	// record (proof.Trace), already redacted.
	Trace(record []byte) (relPath string, err error)
}

// Outcome is what running one scenario proved.
type Outcome struct {
	Result      proof.Result // Proven, Failed, or Error (browser, target, interrupt)
	FailingStep string       // "4 action: Execute restore (scenarios/restore/x.yaml:12)"
	Reason      string       // one line, redacted
	Findings    []proof.Finding
	Steps       []proof.StepResult
	Evidence    []string // screenshot paths from Artefacts
	Trace       string   // the trace file's path from Artefacts; "" none kept
	Observed    int      // last document/HTTP/update status a visit, request or invoke saw
	WaitMS      int64    // time spent waiting on the target
	BrowserLost bool     // the browser died or stopped answering: relaunch it
	Interrupted bool     // the caller's context ended it (interrupt, run timeout): nothing was judged
	// Events are run-level happenings a reviewer must see, redacted: evidence
	// that could not be saved.
	Events []string
}

// run is the state of one scenario while it runs; the step executors get it.
type run struct {
	ctx      context.Context // the scenario's: a login inside a step is bounded by it, not by the step
	b        *Browser
	sc       *scenario.Scenario
	art      Artefacts
	tab      *tab
	actor    string // whose session the context holds; "" anonymous
	gen      int    // generation of the actor's cookies in the context
	renewed  bool   // the session was renewed once already
	counts   map[string]int
	observed int
	waited   time.Duration
	evidence []string
	events   []string
	shots    []shot // after-step screenshots, saved only if the trace is kept
}

// shot is an after-step screenshot held in memory, or the DOM snapshot it
// is rebuilt from; neither: the previous shot's (the page did not change).
type shot struct {
	step    int // index in Outcome.Steps
	name    string
	png     []byte
	dom     *domSnapshot
	rebuilt bool   // png was rebuilt from dom
	version string // the page's DOM when it was taken (monitor.Version)
}

// Run runs one scenario in a fresh incognito context. It never panics and
// never blocks much longer than the scenario timeout; a cancelled ctx ends it
// at once as interrupted.
func (b *Browser) Run(ctx context.Context, sc *scenario.Scenario, art Artefacts) (out Outcome) {
	r := &run{b: b, sc: sc, art: art, counts: map[string]int{}}
	defer func() {
		if p := recover(); p != nil {
			out.Result = proof.Error
			out.Reason = oneLine(b.opts.Redactor.String(fmt.Sprintf("internal error: %v", p)))
		}
	}()
	sctx, cancel := context.WithTimeout(ctx, b.opts.ScenarioTimeout)
	defer cancel()
	r.ctx = sctx
	out = r.steps(ctx, sctx)
	out.Observed = r.observed
	out.WaitMS = r.waited.Milliseconds()
	out.Evidence = r.evidence
	out.Events = r.events
	return out
}

// steps opens the tab, runs every step and judges the result.
func (r *run) steps(parent, ctx context.Context) (out Outcome) {
	if err := r.open(ctx); err != nil {
		return r.fail(parent, ctx, out, -1, err)
	}
	defer func() {
		r.keepTrace(&out)
		r.tab.close()
	}()
	for i, st := range r.sc.Steps {
		res, err := r.step(ctx, i, st)
		out.Steps = append(out.Steps, res)
		if err == nil {
			err = r.findingError()
		}
		if err == nil {
			r.afterStep(i)
		}
		if err != nil {
			out = r.fail(parent, ctx, out, i, err)
			for _, rest := range r.sc.Steps[i+1:] {
				out.Steps = append(out.Steps, proof.StepResult{
					Index: len(out.Steps) + 1, Kind: string(rest.Kind), Text: r.text(rest), Line: rest.Pos.Line, Status: "skipped",
				})
			}
			return out
		}
	}
	// A finding that arrived after the last step's check still fails it.
	if err := r.findingError(); err != nil {
		last := len(r.sc.Steps) - 1
		return r.fail(parent, ctx, out, last, err)
	}
	out.Result = proof.Proven
	return out
}

// open creates the scenario's context and page and gives it the actor's
// session.
func (r *run) open(ctx context.Context) error {
	t, err := r.b.openTab(ctx, r.sc.Allow)
	if err != nil {
		return infraf("%v", err)
	}
	r.tab = t
	if r.sc.Actor == "" {
		return nil
	}
	// The login bounds itself (run.login_timeout).
	return r.useActor(ctx, r.sc.Actor)
}

// step runs one step with its own deadline and records it.
func (r *run) step(ctx context.Context, i int, st scenario.Step) (proof.StepResult, error) {
	start := time.Now()
	res := proof.StepResult{Index: i + 1, Kind: string(st.Kind), Text: r.text(st), Line: st.Pos.Line, Status: "passed"}
	r.tab.watch.SetStep(r.label(i, st))
	if executors[st.Kind].bodies {
		r.tab.watch.KeepBodies()
	}
	sctx, cancel := context.WithTimeout(ctx, r.stepTimeout(st))
	defer cancel()
	err := r.exec(sctx, st)
	res.DurationMS = time.Since(start).Milliseconds()
	if err != nil {
		res.Status = "failed"
	}
	return res, err
}

// stepTimeout is a step's budget: a step that may log in (login, actor)
// gets the login's.
func (r *run) stepTimeout(st scenario.Step) time.Duration {
	if executors[st.Kind].login {
		return max(r.b.opts.StepTimeout, r.b.opts.LoginTimeout)
	}
	return r.b.opts.StepTimeout
}

// exec expands the step's variables and runs its executor, then waits for
// Livewire idle after a step that can trigger an update.
func (r *run) exec(ctx context.Context, st scenario.Step) error {
	kind, ok := executors[st.Kind]
	if !ok {
		return fmt.Errorf("unknown step kind %q", st.Kind)
	}
	args, err := r.expandArgs(st)
	if err != nil {
		return err
	}
	if err := kind.run(ctx, r, args); err != nil {
		return err
	}
	if kind.settle {
		return r.idle(ctx)
	}
	return nil
}

// idle waits for Livewire idle, counting the time as waiting on the target.
func (r *run) idle(ctx context.Context) error {
	defer r.wait()()
	return r.tab.idle(ctx)
}

// wait starts timing a wait on the target; call the result when it ends.
func (r *run) wait() func() {
	start := time.Now()
	return func() { r.waited += time.Since(start) }
}

// findingError turns the first monitor finding into the step's failure, so a
// scenario stops where the page went wrong.
func (r *run) findingError() error {
	f := r.tab.watch.Findings()
	if len(f) == 0 {
		return nil
	}
	return &findingErr{f[0]}
}

type findingErr struct{ f proof.Finding }

func (e *findingErr) Error() string {
	msg := fmt.Sprintf("%s finding: %s", e.f.Kind, e.f.Message)
	if e.f.URL != "" {
		msg += " (" + e.f.URL + ")"
	}
	return msg
}

// fail judges a failed step (i < 0: the scenario could not start): the
// result, the one-line reason, the failure screenshot. Failed is for what
// the product did; anything that kept the proof from being made (the
// browser, the target not answering in time, a login) is Error.
func (r *run) fail(parent, ctx context.Context, out Outcome, i int, err error) Outcome {
	red := r.b.opts.Redactor
	if i >= 0 {
		st := r.sc.Steps[i]
		out.FailingStep = red.String(r.label(i, st))
		if st.Pos.File != "" {
			out.FailingStep += fmt.Sprintf(" (%s:%d)", st.Pos.File, st.Pos.Line)
		}
	}
	var infra *infraError
	var await *awaitError
	if errors.Is(err, context.DeadlineExceeded) && !errors.As(err, &await) && r.tab != nil && r.tab.watch.Busy() {
		// A check ran out of time while the target still owed an answer:
		// where the time went is the wait, not the product.
		err = &awaitError{what: "a request to the target did not answer", err: err}
	}
	out.Result = proof.Failed
	switch {
	case parent.Err() != nil:
		out.Result, out.Reason, out.Interrupted = proof.Error, "interrupted", true
	case !r.b.alive():
		out.Result, out.BrowserLost = proof.Error, true
		out.Reason = fmt.Sprintf("browser lost: %v", err)
	case errors.As(err, &infra):
		out.Result = proof.Error
		out.Reason = err.Error()
	case i < 0:
		// Before the first step nothing of the product was judged.
		out.Result = proof.Error
		out.Reason = fmt.Sprintf("the scenario could not start: %v", err)
	case errors.As(err, &await) && (r.tab == nil || r.findingError() == nil):
		// Waiting on the target, with nothing the product did wrong seen.
		out.Result = proof.Error
		budget := fmt.Sprintf("the step timeout %s", r.stepTimeout(r.sc.Steps[i]))
		if ctx.Err() != nil {
			budget = fmt.Sprintf("the scenario timeout %s", r.b.opts.ScenarioTimeout)
		}
		out.Reason = fmt.Sprintf("%s within %s (waiting on the target)", await.what, budget)
	default:
		out.Reason = r.failure(ctx, err)
	}
	out.Reason = oneLine(red.String(out.Reason))
	if i >= 0 {
		out.Steps[len(out.Steps)-1].Status = "failed"
		out.Steps[len(out.Steps)-1].Error = out.Reason
	}
	if r.tab != nil {
		out.Findings = r.tab.watch.Findings()
		if out.Result == proof.Failed && len(out.Findings) > 0 && out.Findings[0].Step != "" {
			out.FailingStep = red.String(out.Findings[0].Step)
		}
		// Before the first step the scenario's tab is blank: a failed
		// login kept its own tab's screenshot instead.
		if !out.Interrupted && !out.BrowserLost && i >= 0 {
			out.Steps[len(out.Steps)-1].Screenshot = r.screenshot(r.tab, "failure")
		}
	}
	return out
}

// failure is the reason of a failed proof. A monitor finding comes first:
// it is the likely cause of whatever step failed with it. The step itself is
// named by FailingStep, so the reason does not repeat it.
func (r *run) failure(ctx context.Context, err error) string {
	var finding *findingErr
	if errors.As(err, &finding) {
		return err.Error()
	}
	var reason string
	switch {
	case ctx.Err() != nil:
		reason = fmt.Sprintf("scenario timed out after %s", r.b.opts.ScenarioTimeout)
	case errors.Is(err, context.DeadlineExceeded):
		reason = fmt.Sprintf("timed out after %s", r.b.opts.StepTimeout)
		if w := why(err); w != "" {
			reason += ": " + w
		}
	default:
		reason = err.Error()
	}
	if r.tab != nil {
		if f := r.findingError(); f != nil {
			reason = f.Error() + "; then " + reason
		}
	}
	return reason
}

// screenshot saves a full-page screenshot of a failure in t. The verdict is
// already known, so a screenshot that cannot be saved does not change it; it
// becomes an event of the run.
func (r *run) screenshot(t *tab, name string) string {
	ctx, cancel := context.WithTimeout(context.Background(), screenshotWait)
	defer cancel()
	// A navigation still under way (a page that did not load in time)
	// holds the capture back: stop it, as a user pressing Escape would.
	_ = proto.PageStopLoading{}.Call(t.p(ctx))
	path, err := r.shoot(ctx, t, name)
	if err != nil {
		r.event("no %s screenshot: %v", name, err)
		return ""
	}
	return path
}

// label names a step for findings and reasons: "3 see: Preview expired".
func (r *run) label(i int, st scenario.Step) string {
	return fmt.Sprintf("%d %s", i+1, r.text(st))
}

// text is the step as written, variables expanded where they can be, secrets
// redacted.
func (r *run) text(st scenario.Step) string {
	src := st.Source
	if src == "" {
		src = scenario.Describe(st)
	}
	if x, err := scenario.Expand(src, r.lookup); err == nil {
		src = x
	}
	return r.b.opts.Redactor.String(src)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

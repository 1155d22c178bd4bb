package runner

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/proofrun/proofrun/internal/collect"
	"github.com/proofrun/proofrun/internal/config"
	"github.com/proofrun/proofrun/internal/driver"
	"github.com/proofrun/proofrun/internal/exitcode"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/redact"
	"github.com/proofrun/proofrun/internal/report"
	"github.com/proofrun/proofrun/internal/scenario"
)

// Options is one `proofrun run`.
type Options struct {
	Config    *config.Config
	Paths     []string
	Selection Selection
	Baseline  string
	Quiet     bool
	Stdout    *os.File
	Version   string
	Command   string // the command line, recorded (redacted) in run.json
}

// Run executes the plan and writes the run directory. The returned error
// carries the exit code: nil when every scenario was proven or deferred.
// Everything named on the command line is checked before the run directory
// exists (exit 2); from then on, however the run ends, every planned
// scenario gets a row and the reports are written.
func Run(ctx context.Context, opts Options) error {
	ctx, stop := withInterrupts(ctx)
	defer stop()
	cfg := opts.Config
	if err := checkFaults(cfg); err != nil {
		return err
	}
	pack, err := LoadPack(cfg, opts.Paths)
	if err != nil {
		return err
	}
	plan, err := Plan(pack, opts.Selection)
	if err != nil {
		return err
	}
	if len(plan) == 0 {
		return exitcode.Newf(exitcode.Invalid, "no scenario matches the filters (%d in the pack); see `proofrun list`", len(pack.Scenarios))
	}
	if err := checkBaseline(opts.Baseline); err != nil {
		return err
	}

	red := &redact.Redactor{}
	red.Add(cfg.Passwords()...)
	red.Add(pack.Secrets...)

	if cfg.Run.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, cfg.Run.Timeout, fmt.Errorf("run timeout %s", cfg.Run.Timeout))
		defer cancel()
	}

	tgt, err := newTarget(cfg)
	if err != nil {
		return err
	}
	defer tgt.close()
	meta := newMeta(cfg, pack, plan, tgt, opts, red)
	run, err := openRunDir(cfg, meta, red)
	if err != nil {
		return err
	}
	progress := report.NewProgress(opts.Stdout, len(plan), report.DetectMode(opts.Stdout, opts.Quiet))
	ex := &executor{cfg: cfg, run: run, meta: &meta, progress: progress, red: red}

	if err := tgt.check(ctx); err != nil {
		return ex.abandon(ctx, plan, err, opts.Baseline)
	}
	prof, note, err := targetProfile(ctx, cfg, tgt.url)
	if err != nil {
		return ex.abandon(ctx, plan, err, opts.Baseline)
	}
	if note != "" {
		meta.Events = append(meta.Events, note)
	}
	dopts := driver.Options{
		Browser:         cfg.Browser,
		BaseURL:         tgt.url,
		Panels:          cfg.Panels,
		Actors:          cfg.Actors,
		StepTimeout:     cfg.Run.StepTimeout,
		LoginTimeout:    cfg.Run.LoginTimeout,
		ScenarioTimeout: cfg.Run.ScenarioTimeout,
		Allow:           scenario.Allow{Console: cfg.Monitors.AllowConsole, Status: cfg.Monitors.AllowStatus},
		Redactor:        red,
		Sessions:        driver.NewSessions(),
		Profile:         prof,
	}
	workers := max(1, min(cfg.Run.Workers, len(plan)))
	browserCount := 1
	if cfg.Browser.PerWorker {
		browserCount = workers
	}
	pool, err := newBrowsers(ctx, dopts, browserCount, workers)
	if err != nil {
		return ex.abandon(ctx, plan, fmt.Errorf("browser: %w", err), opts.Baseline)
	}
	registerKill(pool.close)
	defer pool.close()
	ex.pool = pool
	ex.execute(ctx, plan)
	meta.Events = append(meta.Events, pool.events()...)
	return ex.finish(ctx, opts.Baseline)
}

// abandon ends a run that could not start: every planned scenario gets a
// row (not run when the run was stopped, else an error saying why), the
// reports are written, and the exit error is the judgement's code with why
// as its message.
func (ex *executor) abandon(ctx context.Context, plan []*scenario.Scenario, why error, baseline string) error {
	row := proof.Row{Result: proof.Error, Reason: why.Error()}
	if ctx.Err() != nil {
		why = context.Cause(ctx)
		row = proof.Row{Result: proof.NotRun, Reason: "not run: " + why.Error()}
	}
	ex.meta.Events = append(ex.meta.Events, ex.red.String(why.Error()))
	for _, sc := range plan {
		row.Start = time.Now()
		ex.record(sc, row)
	}
	err := ex.finish(ctx, baseline)
	var code *exitcode.Error
	if errors.As(err, &code) && code.Printed {
		// The summary line is printed; the cause goes to stderr.
		return exitcode.With(code.Code, errors.New(ex.red.String(why.Error())))
	}
	return err
}

// finish writes the final run.json and the reports and judges the run.
func (ex *executor) finish(ctx context.Context, baseline string) error {
	meta := ex.meta
	dir := ex.run.Dir()
	meta.Finished = time.Now()
	meta.Interrupted = interrupted(ctx)
	meta.FailOnFlaky = ex.cfg.Run.FailOnFlaky
	if err := ex.run.Finish(*meta); err != nil {
		return exitcode.Newf(exitcode.Infra, "run directory %s: %v", dir, err)
	}
	if err := report.Build(dir, report.Options{Baseline: baseline}); err != nil {
		return exitcode.Newf(exitcode.Infra, "report: %v", err)
	}
	summary, err := report.ReadSummary(dir)
	if err != nil {
		return exitcode.Newf(exitcode.Infra, "run directory %s: %v", dir, err)
	}
	ex.progress.Finish(summary, dir)
	if err := writeStepSummary(summary, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "proofrun:", err)
	}
	return verdict(summary)
}

// checkBaseline reads the --baseline run directory before anything starts,
// so a wrong path is an exit-2 error, not a run without its reports.
func checkBaseline(dir string) error {
	if dir == "" {
		return nil
	}
	if _, _, err := collect.Read(dir); err != nil {
		return exitcode.Newf(exitcode.Invalid, "--baseline %s: %v", dir, err)
	}
	return nil
}

// verdict is the run's exit error, from the summary's judgement (proof.Judge,
// the one verdict rule): nil when the run passed.
func verdict(s report.Summary) error {
	if s.ExitCode == exitcode.OK {
		return nil
	}
	return &exitcode.Error{Code: s.ExitCode, Err: fmt.Errorf("%s: %s", s.Verdict, s.Why), Printed: true}
}

func newMeta(cfg *config.Config, pack *scenario.Pack, plan []*scenario.Scenario, tgt *target, opts Options, red *redact.Redactor) proof.Meta {
	m := proof.Meta{
		RunID:        newRunID(),
		Version:      opts.Version,
		Commit:       gitCommit(opts.Paths),
		Target:       tgt.url,
		Embedded:     tgt.embedded,
		Faults:       cfg.Target.Faults,
		Pack:         pack.Fingerprint(),
		PlanID:       proof.PlanID(scenario.IDs(opts.Selection.Filter.Apply(pack.Scenarios))),
		Shard:        opts.Selection.Shard,
		Started:      time.Now(),
		Workers:      cfg.Run.Workers,
		Command:      red.String(opts.Command),
		Requirements: pack.Requirements,
		States:       pack.States,
	}
	inPlan := map[string]bool{}
	for _, sc := range plan {
		m.Plan = append(m.Plan, planned(sc))
		inPlan[sc.ID] = true
	}
	m.Unplanned, m.PackProves = leftOut(pack, inPlan)
	return m
}

// leftOut lists the pack's scenarios not in the plan and every requirement
// some scenario of the pack proves, so the reports tell "not in this run"
// from "missing proof".
func leftOut(pack *scenario.Pack, inPlan map[string]bool) (unplanned, proves []string) {
	seen := map[string]bool{}
	for _, sc := range pack.Scenarios {
		if !inPlan[sc.ID] {
			unplanned = append(unplanned, sc.ID)
		}
		for _, id := range sc.Proves {
			if !seen[id] {
				seen[id] = true
				proves = append(proves, id)
			}
		}
	}
	sort.Strings(proves)
	return unplanned, proves
}

func planned(sc *scenario.Scenario) proof.PlannedScenario {
	return proof.PlannedScenario{
		ID: sc.ID, Title: sc.Title, Domain: sc.Domain, State: sc.State, Proves: sc.Proves,
		Actor: sc.Actor, File: sc.Pos.File, Line: sc.Pos.Line, Deferred: sc.Deferred,
	}
}

func newRunID() string {
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return time.Now().UTC().Format("20060102-150405") + "-" + hex.EncodeToString(b)
}

// gitCommit is the commit of the scenarios, when they live in a git checkout.
func gitCommit(paths []string) string {
	dir := "."
	if len(paths) > 0 {
		dir = paths[0]
		if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
			dir = filepath.Dir(dir)
		}
	}
	out, err := exec.Command("git", "-C", dir, "rev-parse", "--short=12", "HEAD").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// pointLatest makes reports/latest point at the newest run directory.
func pointLatest(dir string) {
	link := filepath.Join(filepath.Dir(dir), "latest")
	_ = os.Remove(link)
	_ = os.Symlink(filepath.Base(dir), link)
}

// executor runs the plan on the workers and records each scenario's rows.
type executor struct {
	cfg      *config.Config
	run      *collect.Run
	pool     *browsers // nil until the browsers started
	meta     *proof.Meta
	progress *report.Progress
	red      *redact.Redactor

	mu sync.Mutex
}

// execute runs the parallel scenarios on every worker, then the serial ones
// one at a time, so a scenario that counts or changes the target's records
// never overlaps another. Scenarios not started (interrupt, run timeout,
// --fail-fast) are recorded as skipped.
func (ex *executor) execute(ctx context.Context, plan []*scenario.Scenario) {
	// dispatch stops handing out scenarios on interrupt, run timeout or
	// --fail-fast; scenarios already running finish (or end on ctx).
	dispatch, stopDispatch := context.WithCancelCause(ctx)
	defer stopDispatch(nil)
	var parallel, serial []*scenario.Scenario
	for _, sc := range plan {
		if sc.Serial {
			serial = append(serial, sc)
		} else {
			parallel = append(parallel, sc)
		}
	}
	notStarted := ex.dispatch(ctx, dispatch, stopDispatch, parallel, ex.cfg.Run.Workers)
	notStarted = append(notStarted, ex.dispatch(ctx, dispatch, stopDispatch, serial, 1)...)
	reason := "not run"
	if cause := context.Cause(dispatch); cause != nil {
		reason = "not run: " + cause.Error()
	}
	for _, sc := range notStarted {
		ex.record(sc, proof.Row{Result: proof.NotRun, Reason: reason, Start: time.Now()})
	}
}

// dispatch hands scenarios to workers until they are done or dispatch ends,
// and returns the scenarios it did not start.
func (ex *executor) dispatch(ctx, dispatch context.Context, stop context.CancelCauseFunc, scenarios []*scenario.Scenario, workers int) []*scenario.Scenario {
	jobs := make(chan *scenario.Scenario)
	var wg sync.WaitGroup
	for range min(workers, len(scenarios)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for sc := range jobs {
				res := ex.one(ctx, sc)
				if res == proof.Failed && ex.cfg.Run.FailFast {
					stop(fmt.Errorf("--fail-fast: %s failed", sc.ID))
				}
			}
		}()
	}
	defer func() {
		close(jobs)
		wg.Wait()
	}()
	for i, sc := range scenarios {
		if dispatch.Err() != nil {
			return scenarios[i:]
		}
		select {
		case jobs <- sc:
		case <-dispatch.Done():
			return scenarios[i:]
		}
	}
	return nil
}

// one runs a scenario with its retries and records its rows.
func (ex *executor) one(ctx context.Context, sc *scenario.Scenario) proof.Result {
	start := time.Now()
	var out driver.Outcome
	var firstFailure string
	attempts := 0
	for attempts <= ex.cfg.Run.Retries {
		attempts++
		out = ex.pool.run(ctx, sc, artefacts{run: ex.run, scenario: sc.ID})
		if out.Result != proof.Failed || ctx.Err() != nil {
			break
		}
		if firstFailure == "" {
			firstFailure = out.FailingStep + ": " + out.Reason
		}
	}
	row := proof.Row{
		Result: out.Result, FailingStep: out.FailingStep, Reason: out.Reason, Findings: out.Findings,
		Evidence: out.Evidence, Steps: out.Steps, Attempts: attempts, Start: start,
		DurationMS: time.Since(start).Milliseconds(), WaitMS: out.WaitMS,
	}
	if out.Result == proof.Proven && attempts > 1 {
		row.Result = proof.Flaky
		row.Reason = fmt.Sprintf("proven on attempt %d of %d; first failure: %s", attempts, ex.cfg.Run.Retries+1, firstFailure)
	}
	if out.Result == proof.Error && ctx.Err() != nil {
		row.Reason = "interrupted: " + causeText(ctx)
	}
	if sc.Deferred != "" && (row.Result == proof.Proven || row.Result == proof.Failed || row.Result == proof.Flaky) {
		if row.Result != proof.Proven && row.Reason != "" {
			row.Reason = "deferred (" + string(row.Result) + ": " + row.Reason + ")"
		}
		row.Result = proof.Deferred
	}
	if sc.Matrix != nil {
		cell := *sc.Matrix
		cell.Observed = out.Observed
		row.Matrix = &cell
	}
	ex.record(sc, row)
	return row.Result
}

// record appends the scenario's rows (one per requirement) and shows them.
func (ex *executor) record(sc *scenario.Scenario, base proof.Row) {
	base.Title, base.Domain, base.State, base.Actor = sc.Title, sc.Domain, sc.State, sc.Actor
	base.Tags, base.File, base.Line, base.Deferred = sc.Tags, sc.Pos.File, sc.Pos.Line, sc.Deferred
	rows := collect.RowsFor(ex.meta.RunID, planned(sc), base)
	if err := ex.run.Append(rows...); err != nil {
		ex.mu.Lock()
		ex.meta.Events = append(ex.meta.Events, "could not write rows of "+sc.ID+": "+err.Error())
		ex.mu.Unlock()
	}
	ex.mu.Lock()
	ex.progress.Done(ex.run.Redacted(rows))
	ex.mu.Unlock()
}

// artefacts saves a scenario's screenshots into the run directory.
type artefacts struct {
	run      *collect.Run
	scenario string
}

func (a artefacts) Screenshot(name string, png []byte) (string, error) {
	return a.run.Screenshot(a.scenario, name, png)
}

func causeText(ctx context.Context) string {
	if c := context.Cause(ctx); c != nil {
		return c.Error()
	}
	return "interrupted"
}

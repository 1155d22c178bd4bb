package runner

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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
func Run(ctx context.Context, opts Options) error {
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

	red := &redact.Redactor{}
	red.Add(cfg.Passwords()...)
	red.Add(pack.Secrets...)

	tgt, err := startTarget(cfg)
	if err != nil {
		return err
	}
	defer tgt.close()

	ctx, stop := withInterrupts(ctx)
	defer stop()
	if cfg.Run.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, cfg.Run.Timeout, fmt.Errorf("run timeout %s", cfg.Run.Timeout))
		defer cancel()
	}

	meta := newMeta(cfg, pack, plan, tgt, opts, red)
	dir := cfg.Run.Out
	if dir == "" {
		dir = filepath.Join("reports", meta.RunID)
	}
	run, err := collect.Create(dir, meta, red)
	if err != nil {
		return exitcode.Newf(exitcode.Infra, "run directory %s: %v", dir, err)
	}
	if cfg.Run.Out == "" {
		pointLatest(dir)
	}

	dopts := driver.Options{
		Browser:         cfg.Browser,
		BaseURL:         tgt.url,
		Panels:          cfg.Panels,
		Actors:          cfg.Actors,
		StepTimeout:     cfg.Run.StepTimeout,
		ScenarioTimeout: cfg.Run.ScenarioTimeout,
		Allow:           scenario.Allow{Console: cfg.Monitors.AllowConsole, Status: cfg.Monitors.AllowStatus},
		Redactor:        red,
		Sessions:        driver.NewSessions(),
	}
	workers := max(1, min(cfg.Run.Workers, len(plan)))
	browserCount := 1
	if cfg.Browser.PerWorker {
		browserCount = workers
	}
	pool, err := newBrowsers(ctx, dopts, browserCount, workers)
	if err != nil {
		meta.Events = append(meta.Events, red.String(err.Error()))
		meta.Finished = time.Now()
		_ = run.Finish(meta)
		return exitcode.Newf(exitcode.Infra, "browser: %s", red.String(err.Error()))
	}
	registerKill(pool.close)
	defer pool.close()

	progress := report.NewProgress(opts.Stdout, len(plan), report.DetectMode(opts.Stdout, opts.Quiet))
	ex := &executor{cfg: cfg, run: run, pool: pool, meta: &meta, progress: progress}
	ex.execute(ctx, plan)

	meta.Finished = time.Now()
	meta.Events = append(meta.Events, pool.events()...)
	meta.Interrupted = interrupted(ctx)
	meta.FailOnFlaky = cfg.Run.FailOnFlaky
	if err := run.Finish(meta); err != nil {
		return exitcode.Newf(exitcode.Infra, "run directory %s: %v", dir, err)
	}
	if err := report.Build(dir, report.Options{Baseline: opts.Baseline}); err != nil {
		return exitcode.Newf(exitcode.Infra, "report: %v", err)
	}
	_, rows, err := collect.Read(dir)
	if err != nil {
		return exitcode.Newf(exitcode.Infra, "run directory %s: %v", dir, err)
	}
	summary := report.Summarize(meta, rows)
	progress.Finish(summary, dir)
	return verdict(summary)
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
		Shard:        opts.Selection.Shard,
		Started:      time.Now(),
		Workers:      cfg.Run.Workers,
		Command:      red.String(opts.Command),
		Requirements: pack.Requirements,
	}
	for _, sc := range plan {
		m.Plan = append(m.Plan, planned(sc))
	}
	return m
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
	pool     *browsers
	meta     *proof.Meta
	progress *report.Progress

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
	ex.progress.Done(rows)
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

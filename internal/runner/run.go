package runner

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/proofrun/proofrun/internal/config"
	"github.com/proofrun/proofrun/internal/driver"
	"github.com/proofrun/proofrun/internal/exitcode"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/redact"
	"github.com/proofrun/proofrun/internal/report"
	"github.com/proofrun/proofrun/internal/rundir"
	"github.com/proofrun/proofrun/internal/scenario"
	"github.com/proofrun/proofrun/internal/ui"
)

// Options is one `proofrun run`.
type Options struct {
	Config    *config.Config
	Paths     []string
	Selection Selection
	Baseline  string
	Quiet     bool
	Version   string
	Command   string // the command line, recorded (redacted) in run.json
}

// Run executes the plan and writes the run directory. The returned error
// carries the exit code: nil when every scenario was proven or deferred.
// Everything named on the command line is checked before the run directory
// exists (exit 2); from then on, however the run ends, every planned
// scenario gets a row and the reports are written.
func Run(ctx context.Context, p Process, opts Options) error {
	ctx, sigs := watchInterrupts(ctx, p, grace)
	defer sigs.stop()
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
	defer tgt.close(p.Stderr)
	meta := newMeta(cfg, pack, plan, tgt, opts, red)
	run, err := openRunDir(cfg, &meta, red)
	if err != nil {
		return err
	}
	progress := ui.NewProgress(p.Stdout, len(plan), ui.DetectMode(p.Terminal, opts.Quiet, p.Getenv))
	ex := &executor{p: p, cfg: cfg, run: run, meta: &meta, progress: progress, red: red}

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
		SettleTimers:    cfg.Run.SettleTimers,
		Allow:           scenario.Allow{Console: cfg.Monitors.AllowConsole, Status: cfg.Monitors.AllowStatus},
		Redactor:        red,
		Sessions:        driver.NewSessions(),
		Profile:         prof,
		Trace:           cfg.Run.Trace,
	}
	workers := max(1, min(cfg.Run.Workers, len(plan)))
	browserCount := 1
	if cfg.Browser.PerWorker {
		browserCount = workers
	}
	pool, err := newBrowsers(ctx, dopts, run, browserCount, workers)
	if err != nil {
		return ex.abandon(ctx, plan, fmt.Errorf("browser: %w", err), opts.Baseline)
	}
	// On a second signal, and at the latest when Run returns.
	sigs.onKill(func() {
		if err := pool.close(); err != nil {
			fmt.Fprintln(p.Stderr, "proofrun: closing the browsers:", err)
		}
	})
	sched := &scheduler{runner: pool, workers: cfg.Run.Workers, retries: cfg.Run.Retries, failFast: cfg.Run.FailFast, record: ex.record}
	sched.execute(ctx, plan)
	ex.event(pool.events()...)
	if err := pool.close(); err != nil {
		ex.event("closing the browsers: " + err.Error())
	}
	return ex.finish(ctx, opts.Baseline)
}

// executor records a run's rows and writes its end.
type executor struct {
	p        Process
	cfg      *config.Config
	run      *rundir.Run
	meta     *proof.Meta
	progress *ui.Progress
	red      *redact.Redactor

	mu sync.Mutex
}

// abandon ends a run that could not start: every planned scenario gets a
// row (not run when the run was stopped, else an error saying why), the
// reports are written, and the exit error is the judgement's code with why
// as its message.
func (ex *executor) abandon(ctx context.Context, plan []*scenario.Scenario, why error, baseline string) error {
	stop := context.Cause(ctx)
	row := abandoned(why, stop)
	if stop != nil {
		why = stop
	}
	ex.event(ex.red.String(why.Error()))
	for _, sc := range plan {
		row.Start = time.Now()
		ex.record(sc, row, nil)
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
	written, rows := ex.run.Written()
	summary, err := report.Render(dir, written, rows, report.Options{Baseline: baseline})
	if err != nil {
		return exitcode.Newf(exitcode.Infra, "report: %v", err)
	}
	ex.progress.Finish(summary, dir)
	if err := writeStepSummary(summary, ex.p.Getenv); err != nil {
		fmt.Fprintln(ex.p.Stderr, "proofrun:", err)
	}
	return verdict(summary)
}

// record appends the scenario's rows (one per requirement) and the events
// of its attempts, and shows the rows.
func (ex *executor) record(sc *scenario.Scenario, base proof.Row, events []string) {
	base.Title, base.Domain, base.State, base.Actor = sc.Title, sc.Domain, sc.State, sc.Actor
	base.Tags, base.File, base.Line, base.Deferred = sc.Tags, sc.Pos.File, sc.Pos.Line, sc.Deferred
	rows := rundir.RowsFor(ex.meta.RunID, planned(sc), base)
	if err := ex.run.Append(rows...); err != nil {
		events = append(events, "could not write rows of "+sc.ID+": "+err.Error())
	}
	ex.event(events...)
	ex.mu.Lock()
	ex.progress.Done(ex.run.Redacted(rows))
	ex.mu.Unlock()
}

// event adds run-level happenings to run.json.
func (ex *executor) event(events ...string) {
	if len(events) == 0 {
		return
	}
	ex.mu.Lock()
	ex.meta.Events = append(ex.meta.Events, events...)
	ex.mu.Unlock()
}

// checkBaseline reads the --baseline run directory before anything starts,
// so a wrong path is an exit-2 error, not a run without its reports.
func checkBaseline(dir string) error {
	if dir == "" {
		return nil
	}
	if _, _, err := rundir.Read(dir); err != nil {
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
	rand.Read(b) // never fails (Go 1.24+: a failing source crashes the program)
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
func pointLatest(dir string) error {
	link := filepath.Join(filepath.Dir(dir), "latest")
	if err := os.Remove(link); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return os.Symlink(filepath.Base(dir), link)
}

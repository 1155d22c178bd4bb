package runner

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"time"

	"github.com/proofrun/proofrun/internal/config"
	"github.com/proofrun/proofrun/internal/discover"
	"github.com/proofrun/proofrun/internal/driver"
	"github.com/proofrun/proofrun/internal/exitcode"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/redact"
	"github.com/proofrun/proofrun/internal/report"
	"github.com/proofrun/proofrun/internal/rundir"
	"github.com/proofrun/proofrun/internal/scenario"
	"github.com/proofrun/proofrun/internal/ui"
)

// DiscoverOptions is one `proofrun discover`.
type DiscoverOptions struct {
	Config  *config.Config
	Actors  []string // "" : every configured actor
	Write   string   // write the observed matrix as scenario files here
	Against string   // compare with scenario files written earlier
	Quiet   bool
	Version string
	Command string
}

// ObservationFile is the raw observed matrix in the run directory.
const ObservationFile = "discover.json"

// Discover crawls, replays and judges (package discover) and writes a run
// directory whose verdict, like run's, comes from proof.Judge: findings and
// drift are failed rows.
func Discover(ctx context.Context, p Process, opts DiscoverOptions) error {
	cfg := opts.Config
	if err := checkFaults(cfg); err != nil {
		return err
	}
	rules, err := discover.LoadRules(cfg.Discover.Rules)
	if err != nil {
		return exitcode.Newf(exitcode.Invalid, "discover.rules: %v", err)
	}
	actors, err := discoverActors(cfg, rules, opts.Actors)
	if err != nil {
		return err
	}
	var against map[string]discover.Written
	if opts.Against != "" {
		if against, err = discover.ReadWritten(opts.Against); err != nil {
			return exitcode.With(exitcode.Invalid, err)
		}
	}
	judge, target := discoverSetup(cfg, rules, actors)
	red := &redact.Redactor{}
	red.Add(cfg.Passwords()...)
	tgt, err := startTarget(cfg, p.Stderr)
	if err != nil {
		return err
	}
	defer tgt.close(p.Stderr)
	ctx, sigs := watchInterrupts(ctx, p, grace)
	defer sigs.stop()

	meta := proof.Meta{RunID: newRunID(), Version: opts.Version, Target: tgt.url, Embedded: tgt.embedded,
		Faults: cfg.Target.Faults, Pack: "discover", Started: time.Now(), Workers: cfg.Run.Workers, Command: red.String(opts.Command)}
	run, err := openRunDir(cfg, &meta, red)
	if err != nil {
		return err
	}
	dir := run.Dir()
	prof, note, err := targetProfile(ctx, cfg, tgt.url)
	if err != nil {
		return err
	}
	if note != "" {
		meta.Events = append(meta.Events, note)
	}
	b, err := driver.Launch(ctx, driver.Options{
		Browser: cfg.Browser, BaseURL: tgt.url, Panels: cfg.Panels, Actors: cfg.Actors,
		StepTimeout: cfg.Run.StepTimeout, ScenarioTimeout: cfg.Run.ScenarioTimeout, SettleTimers: cfg.Run.SettleTimers,
		Allow:    scenario.Allow{Console: cfg.Monitors.AllowConsole, Status: cfg.Monitors.AllowStatus},
		Redactor: red, Sessions: driver.NewSessions(), Profile: prof,
	})
	if err != nil {
		return exitcode.Newf(exitcode.Infra, "browser: %s", red.String(err.Error()))
	}
	// On a second signal, and at the latest when Discover returns.
	sigs.onKill(func() {
		if err := b.Close(); err != nil {
			fmt.Fprintln(p.Stderr, "proofrun: closing the browser:", err)
		}
	})
	target.BaseURL, target.Browser = tgt.url, b

	obs, stats, err := discover.Observe(ctx, target, rules, actors)
	if err != nil {
		if interrupted(ctx) {
			return exitcode.Newf(exitcode.Interrupted, "interrupted")
		}
		return exitcode.Newf(exitcode.Infra, "discover: %s", red.String(err.Error()))
	}
	findings := judge.Judge(obs)
	var drift []discover.Drift
	if against != nil {
		drift = discover.Compare(obs, against)
	}
	evidence := discover.Evidence(ctx, target, run, findings)
	rows := judge.Rows(meta.RunID, obs, findings, drift, evidence, meta.Started)
	if err := run.Append(rows...); err != nil {
		return exitcode.Newf(exitcode.Infra, "run directory %s: %v", dir, err)
	}
	if err := writeObservation(dir, obs, findings, drift, stats, red); err != nil {
		return exitcode.Newf(exitcode.Infra, "run directory %s: %v", dir, err)
	}
	if opts.Write != "" {
		header := fmt.Sprintf("Written by proofrun discover (run %s) against %s.", meta.RunID, tgt)
		if _, err := judge.Write(opts.Write, obs, findings, header); err != nil {
			return writeOr(exitcode.Invalid, err)
		}
	}
	meta.Plan = discover.Plan(rows)
	meta.Finished = time.Now()
	meta.Interrupted = interrupted(ctx)
	if err := run.Finish(meta); err != nil {
		return exitcode.Newf(exitcode.Infra, "run directory %s: %v", dir, err)
	}
	written, kept := run.Written()
	summary, err := report.Render(dir, written, kept, report.Options{})
	if err != nil {
		return exitcode.Newf(exitcode.Infra, "report: %v", err)
	}
	printDiscovery(p.Stdout, stats, len(actors), findings, drift)
	ui.NewProgress(p.Stdout, len(meta.Plan), ui.DetectMode(p.Terminal, opts.Quiet, p.Getenv)).Finish(summary, dir)
	return verdict(summary)
}

// openRunDir creates the run directory: --out, or reports/RUN_ID with
// reports/latest pointing at it. A latest link that cannot be made does not
// stop the run; it is an event of it.
func openRunDir(cfg *config.Config, meta *proof.Meta, red *redact.Redactor) (*rundir.Run, error) {
	dir := cfg.Run.Out
	if dir == "" {
		dir = filepath.Join("reports", meta.RunID)
	}
	run, err := rundir.Create(dir, *meta, red)
	if err != nil {
		return nil, exitcode.Newf(exitcode.Infra, "run directory %s: %v", dir, err)
	}
	if cfg.Run.Out == "" {
		if err := pointLatest(dir); err != nil {
			meta.Events = append(meta.Events, "reports/latest does not point at this run: "+err.Error())
		}
	}
	return run, nil
}

// discoverActors are the actors to discover as: --actor, or all, each known
// to the config and the rules.
func discoverActors(cfg *config.Config, rules *discover.Rules, only []string) ([]string, error) {
	var actors []string
	for name := range cfg.Actors {
		actors = append(actors, name)
	}
	sort.Strings(actors)
	for _, a := range only {
		if !slices.Contains(actors, a) {
			return nil, exitcode.Newf(exitcode.Invalid, "--actor %s: unknown actor (config actors: %v)", a, actors)
		}
	}
	if len(only) > 0 {
		actors = slices.Clone(only)
		sort.Strings(actors)
	}
	panels := map[string]bool{}
	for p := range cfg.Panels {
		panels[p] = true
	}
	if err := rules.CheckActors(actors, panels); err != nil {
		return nil, exitcode.With(exitcode.Invalid, err)
	}
	return actors, nil
}

// discoverSetup derives each actor's panel, home and prefix and the crawl
// limits from the config.
func discoverSetup(cfg *config.Config, rules *discover.Rules, actors []string) (*discover.Judge, discover.Target) {
	j := &discover.Judge{Rules: rules, Panel: map[string]string{}, Prefix: map[string]string{}}
	t := discover.Target{Workers: cfg.Run.Workers, StepTimeout: cfg.Run.StepTimeout, Home: map[string]string{}, Prefix: map[string]string{}}
	for name, p := range cfg.Panels {
		j.Prefix[name] = p.HomePath
		j.Logins = append(j.Logins, p.LoginPath)
		t.Limits.Skip = append(t.Limits.Skip, regexp.MustCompile("^"+regexp.QuoteMeta(p.LoginPath)+"($|[/?])"))
	}
	for _, a := range actors {
		panel := cfg.Actors[a].Panel
		if p := rules.Actors[a].Panel; p != "" {
			panel = p
		}
		j.Panel[a] = panel
		t.Home[a], t.Prefix[a] = cfg.Panels[panel].HomePath, cfg.Panels[panel].HomePath
	}
	for _, s := range cfg.Discover.Skip {
		t.Limits.Skip = append(t.Limits.Skip, regexp.MustCompile(s)) // validated by config
	}
	t.Limits.MaxPages, t.Limits.MaxDepth = cfg.Discover.MaxPages, cfg.Discover.MaxDepth
	return j, t
}

// writeObservation keeps the raw matrix beside the rows, for a reviewer
// and for tools.
func writeObservation(dir string, o *discover.Observation, fs []discover.Finding, ds []discover.Drift, st discover.Stats, red *redact.Redactor) error {
	b, err := json.MarshalIndent(map[string]any{"stats": st, "findings": fs, "drift": ds, "pages": o.Pages, "truncated": o.Truncated}, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, ObservationFile), red.Bytes(b), 0o644)
}

func printDiscovery(w io.Writer, st discover.Stats, actors int, fs []discover.Finding, ds []discover.Drift) {
	fmt.Fprintf(w, "discover: %d pages crawled by %d actors, %d requests replayed (%d in a browser), %d finding(s), %d drift\n",
		st.Crawled, actors, st.Replayed, st.Rendered, len(fs), len(ds))
	for _, f := range fs {
		fmt.Fprintf(w, "  FINDING %s: %s\n", f.Kind, f.Message)
	}
	for _, d := range ds {
		fmt.Fprintf(w, "  %s\n", d)
	}
}

package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/proofrun/proofrun/internal/config"
	"github.com/proofrun/proofrun/internal/exitcode"
	"github.com/proofrun/proofrun/internal/fixtureapp"
	"github.com/proofrun/proofrun/internal/report"
	"github.com/proofrun/proofrun/internal/rundir"
	"github.com/proofrun/proofrun/internal/runner"
	"github.com/proofrun/proofrun/internal/scenario"
)

// globals are the flags every command shares and the process state.
type globals struct {
	config string
	quiet  bool
	p      runner.Process
}

func newRoot(p runner.Process) *cobra.Command {
	g := &globals{p: p}
	root := &cobra.Command{
		Use:           "proofrun",
		Short:         "Prove admin-panel behaviour in a real browser",
		Long:          "proofrun runs declarative proof scenarios against a Filament/Livewire admin panel in headless Chromium and writes evidence a reviewer can trust.\n\nExit codes: 0 all proven, 1 a proof failed, 2 invalid config or scenario, 3 infrastructure (browser, target, disk), 130 interrupted.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
	}
	root.PersistentFlags().StringVar(&g.config, "config", "", "config file (default: ./config.yaml when present)")
	root.PersistentFlags().BoolVarP(&g.quiet, "quiet", "q", false, "print only the final summary")
	root.AddCommand(newRun(g), newValidate(g), newList(g), newReport(g), newMerge(g), newFixture(g), newSchema(), newDiscover(g))
	return root
}

func (g *globals) load(cmd *cobra.Command) (*config.Config, error) {
	cfg, err := config.Load(g.config, cmd.Flags())
	return cfg, exitcode.With(exitcode.Invalid, err)
}

// faultsFlag is --faults, listing the fixture app's faults.
func faultsFlag() config.Override {
	return config.Faults.WithUsage(config.Faults.Usage + ": " + strings.Join(fixtureapp.FaultNames, ", "))
}

// selectionFlags are the plan filters run and list share.
func selectionFlags(cmd *cobra.Command, sel *runner.Selection) {
	f := cmd.Flags()
	f.StringSliceVar(&sel.Filter.Domains, "domain", nil, "only scenarios of these domains")
	f.StringSliceVar(&sel.Filter.Tags, "tag", nil, "only scenarios with one of these tags")
	f.StringSliceVar(&sel.Filter.IDs, "id", nil, "only scenarios whose id matches one of these globs")
	f.StringSliceVar(&sel.Filter.Actors, "actor", nil, "only scenarios run as one of these actors")
	f.StringSliceVar(&sel.Filter.SkipIDs, "skip-id", nil, "leave out scenarios whose id matches one of these globs")
	f.StringSliceVar(&sel.Filter.SkipTags, "skip-tag", nil, "leave out scenarios with one of these tags")
	f.BoolVar(&sel.LastFailed, "last-failed", false, "only the scenarios that failed, errored or did not run in the last run (see --from)")
	f.StringVar(&sel.From, "from", "", "the run directory --last-failed reads (default reports/latest)")
	f.StringVar(&sel.Shard, "shard", "", "run shard I of N (I/N), a stable partition of the plan")
	f.StringVar(&sel.Durations, "durations", "", "balance shards by the durations of this earlier run directory")
}

func newRun(g *globals) *cobra.Command {
	opts := runner.Options{}
	cmd := &cobra.Command{
		Use:   "run [PATH...]",
		Short: "Run scenarios (default: scenarios/) and write a run directory with reports",
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := g.load(cmd)
			if err != nil {
				return err
			}
			opts.Config, opts.Paths, opts.Quiet = cfg, args, g.quiet
			opts.Version, opts.Command = version, strings.Join(g.p.Args, " ")
			return runner.Run(cmd.Context(), g.p, opts)
		},
	}
	selectionFlags(cmd, &opts.Selection)
	f := cmd.Flags()
	config.AddFlags(f, config.BaseURL, config.Workers, config.Retries, config.Timeout, config.Out,
		config.Trace, config.FailFast, config.FailOnFlaky, faultsFlag())
	f.StringVar(&opts.Baseline, "baseline", "", "an earlier run directory to diff against in the report")
	return cmd
}

func newValidate(g *globals) *cobra.Command {
	return &cobra.Command{
		Use:   "validate [PATH...]",
		Short: "Load and check every scenario file; print every error as file:line:col",
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := g.load(cmd)
			if err != nil {
				return err
			}
			return runner.Validate(cfg, args, cmd.OutOrStdout())
		},
	}
}

func newList(g *globals) *cobra.Command {
	var sel runner.Selection
	cmd := &cobra.Command{
		Use:   "list [PATH...]",
		Short: "Print the plan after expansion and filters, one scenario a line",
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := g.load(cmd)
			if err != nil {
				return err
			}
			return runner.List(cfg, args, sel, cmd.OutOrStdout())
		},
	}
	selectionFlags(cmd, &sel)
	return cmd
}

func newReport(g *globals) *cobra.Command {
	var opts report.Options
	cmd := &cobra.Command{
		Use:   "report RUN_DIR",
		Short: "Rebuild the reports of a run from its proof rows",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runner.Rebuild(g.p, args[0], opts)
		},
	}
	cmd.Flags().StringVar(&opts.Baseline, "baseline", "", "an earlier run directory to diff against")
	return cmd
}

func newMerge(g *globals) *cobra.Command {
	var out string
	var opts rundir.MergeOptions
	cmd := &cobra.Command{
		Use:   "merge RUN_DIR... --out DIR",
		Short: "Merge shard runs into one run with one report",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runner.Merge(g.p, out, args, opts)
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "the merged run directory (required)")
	cmd.Flags().BoolVar(&opts.AllowPartial, "allow-partial", false, "merge even when shards are missing; the verdict is then INCOMPLETE")
	_ = cmd.MarkFlagRequired("out") // fails only for a flag not defined above
	return cmd
}

func newFixture(g *globals) *cobra.Command {
	fixture := &cobra.Command{Use: "fixture", Short: "The embedded TenantPilot-shaped fixture app"}
	var addr string
	var faults []string
	serve := &cobra.Command{
		Use:   "serve",
		Short: "Start the embedded fixture app alone",
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runner.ServeFixture(cmd.Context(), g.p, addr, faults)
		},
	}
	serve.Flags().StringVar(&addr, "addr", "127.0.0.1:8089", "listen address")
	serve.Flags().StringSliceVar(&faults, "faults", nil, "defects to switch on: "+strings.Join(fixtureapp.FaultNames, ", "))
	fixture.AddCommand(serve)
	return fixture
}

func newSchema() *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of scenario files (for editors)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := cmd.OutOrStdout().Write(append(scenario.JSONSchema(), '\n'))
			return err
		},
	}
}

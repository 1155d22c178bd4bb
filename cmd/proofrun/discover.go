package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/proofrun/proofrun/internal/config"
	"github.com/proofrun/proofrun/internal/runner"
)

func newDiscover(g *globals) *cobra.Command {
	opts := runner.DiscoverOptions{}
	cmd := &cobra.Command{
		Use:   "discover",
		Short: "Crawl each actor's panel, replay every URL as every other actor, report authorization findings and drift",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := g.load(cmd)
			if err != nil {
				return err
			}
			opts.Config, opts.Quiet = cfg, g.quiet
			opts.Version, opts.Command = version, strings.Join(g.p.Args, " ")
			return runner.Discover(cmd.Context(), g.p, opts)
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&opts.Actors, "actor", nil, "discover as these actors only (default: every configured actor)")
	f.StringVar(&opts.Write, "write", "", "write the observed matrix as review-ready matrix scenario files into this directory")
	f.StringVar(&opts.Against, "against", "", "compare with matrix files written earlier; drift fails the run")
	config.AddFlags(f, config.BaseURL, config.Workers.WithUsage("actors crawled in parallel (default: one per core)"), config.Out, faultsFlag())
	return cmd
}

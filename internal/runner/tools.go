package runner

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/proofrun/proofrun/internal/collect"
	"github.com/proofrun/proofrun/internal/exitcode"
	"github.com/proofrun/proofrun/internal/fixtureapp"
	"github.com/proofrun/proofrun/internal/report"
)

// Report rebuilds a run's reports from its run directory.
func Report(dir string, opts report.Options, w io.Writer) error {
	if _, _, err := collect.Read(dir); err != nil {
		return exitcode.Newf(exitcode.Invalid, "%s: %v", dir, err)
	}
	if err := report.Build(dir, opts); err != nil {
		return exitcode.Newf(exitcode.Invalid, "report %s: %v", dir, err)
	}
	fmt.Fprintf(w, "report: %s\n", filepath.Join(dir, "index.html"))
	return nil
}

// Merge merges shard runs into one run directory and exits like the run it
// makes: refused shards are exit 2, the merged verdict decides otherwise.
func Merge(out string, dirs []string, opts report.MergeOptions, w io.Writer) error {
	if err := report.Merge(out, dirs, opts); err != nil {
		return exitcode.With(exitcode.Invalid, err)
	}
	s, err := report.ReadSummary(out)
	if err != nil {
		return exitcode.Newf(exitcode.Infra, "merge: %v", err)
	}
	fmt.Fprintf(w, "merged %d runs: %s, %s\n", len(dirs), s.Verdict, filepath.Join(out, "index.html"))
	return verdict(s)
}

// ServeFixture runs the embedded fixture app until interrupted.
func ServeFixture(ctx context.Context, addr string, faults []string, w io.Writer) error {
	srv, err := fixtureapp.Start(addr, fixtureapp.Options{Faults: faults})
	if err != nil {
		return exitcode.With(exitcode.Invalid, err)
	}
	defer srv.Close()
	fmt.Fprintf(w, "fixture app: %s (faults: %v); Ctrl-C to stop\n", srv.URL(), faults)
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return nil
}

package runner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"

	"github.com/proofrun/proofrun/internal/exitcode"
	"github.com/proofrun/proofrun/internal/fixtureapp"
	"github.com/proofrun/proofrun/internal/report"
	"github.com/proofrun/proofrun/internal/rundir"
)

// Rebuild rebuilds a run's reports from its run directory. What it reads is
// the user's input (exit 2); what fails once that is read is the writing
// (exit 3).
func Rebuild(p Process, dir string, opts report.Options) error {
	if _, _, err := rundir.Read(dir); err != nil {
		return exitcode.Newf(exitcode.Invalid, "%s: %v", dir, err)
	}
	if err := checkBaseline(opts.Baseline); err != nil {
		return err
	}
	if err := report.Build(dir, opts); err != nil {
		return exitcode.Newf(exitcode.Infra, "report %s: %v", dir, err)
	}
	fmt.Fprintf(p.Stdout, "report: %s\n", filepath.Join(dir, "index.html"))
	return nil
}

// Merge merges shard runs into one run directory and exits like the run it
// makes: unreadable runs and refused shards are exit 2, a merged run that
// cannot be written exit 3, the merged verdict decides otherwise.
func Merge(p Process, out string, dirs []string, opts rundir.MergeOptions) error {
	if err := rundir.Merge(out, dirs, opts); err != nil {
		var refused *rundir.RefusedError
		if errors.As(err, &refused) {
			return exitcode.With(exitcode.Invalid, err)
		}
		return exitcode.With(exitcode.Infra, err)
	}
	if err := report.Build(out, report.Options{}); err != nil {
		return exitcode.Newf(exitcode.Infra, "merge: %v", err)
	}
	s, err := report.ReadSummary(out)
	if err != nil {
		return exitcode.Newf(exitcode.Infra, "merge: %v", err)
	}
	fmt.Fprintf(p.Stdout, "merged %d runs: %s, %s\n", len(dirs), s.Verdict, filepath.Join(out, "index.html"))
	return verdict(s)
}

// ServeFixture runs the embedded fixture app until interrupted. A bad
// fault or address is exit 2; an address the machine will not give (in
// use, not permitted) exit 3.
func ServeFixture(ctx context.Context, p Process, addr string, faults []string) error {
	if err := fixtureapp.CheckFaults(faults); err != nil {
		return exitcode.With(exitcode.Invalid, err)
	}
	srv, err := fixtureapp.Start(addr, fixtureapp.Options{Faults: faults})
	if err != nil {
		var bad *net.AddrError
		var dns *net.DNSError
		if errors.As(err, &bad) || errors.As(err, &dns) {
			return exitcode.With(exitcode.Invalid, err)
		}
		return exitcode.With(exitcode.Infra, err)
	}
	fmt.Fprintf(p.Stdout, "fixture app: %s (faults: %v); Ctrl-C to stop\n", srv.URL(), faults)
	sig := make(chan os.Signal, 1)
	p.Notify(sig)
	defer p.StopNotify(sig)
	select {
	case <-sig:
	case <-ctx.Done():
	}
	return exitcode.With(exitcode.Infra, srv.Close())
}

// writeOr classifies the error of a call whose inputs were read and
// checked: a file-system error is the writing (exit 3), anything else
// gets code.
func writeOr(code int, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return exitcode.With(exitcode.Infra, err)
	}
	return exitcode.With(code, err)
}

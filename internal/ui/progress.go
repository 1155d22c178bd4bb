// Package ui is proofrun's terminal output: the progress of a run as it
// goes (a live status line, plain lines, or CI annotations) and its recap.
// It reads the environment only through the getenv it is given.
package ui

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/report"
)

// ProgressMode is how a run reports progress on the terminal.
type ProgressMode int

// The progress modes.
const (
	// Plain prints one line per scenario: result, id, duration (and why it failed).
	Plain ProgressMode = iota
	// Live redraws one status line (done/total, failures, ETA) and prints a
	// permanent line per failure; for a terminal.
	Live
	// CI prints Plain lines plus a GitHub Actions ::error annotation per failure.
	CI
	// GitHub is CI with the scenario lines folded into a ::group::.
	GitHub
	// Quiet prints only the final summary line.
	Quiet
)

// DetectMode picks the mode for an output that is a terminal or not, in the
// environment getenv reads: Quiet when asked, GitHub under
// GITHUB_ACTIONS=true, CI under CI=true, Live on a terminal, Plain otherwise
// (a pipe, a file).
func DetectMode(terminal, quiet bool, getenv func(string) string) ProgressMode {
	switch {
	case quiet:
		return Quiet
	case getenv("GITHUB_ACTIONS") == "true":
		return GitHub
	case getenv("CI") == "true":
		return CI
	case terminal && getenv("TERM") != "dumb":
		return Live
	}
	return Plain
}

// Progress prints a run's progress as scenarios finish. It is safe for
// concurrent use by the run's workers. Write errors are ignored: progress is
// a courtesy, the run directory is the record.
type Progress struct {
	mu     sync.Mutex
	w      io.Writer
	mode   ProgressMode
	total  int
	done   int
	failed int
	start  time.Time
	now    func() time.Time
}

// NewProgress starts the progress of a run of total scenarios.
func NewProgress(w io.Writer, total int, mode ProgressMode) *Progress {
	if mode == GitHub {
		fmt.Fprintf(w, "::group::proofrun: %d scenarios\n", total)
	}
	return &Progress{w: w, mode: mode, total: total, now: time.Now, start: time.Now()}
}

// clearLine returns the cursor to the start of an erased line.
const clearLine = "\r\x1b[2K"

// Done reports finished scenarios, given as their rows (one per requirement).
func (p *Progress) Done(rows []proof.Row) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, s := range report.Scenarios(proof.Meta{}, rows) {
		p.done++
		bad := report.Failing(s.Result)
		if bad {
			p.failed++
		}
		switch p.mode {
		case Plain:
			fmt.Fprintln(p.w, line(s))
		case CI, GitHub:
			fmt.Fprintln(p.w, line(s))
			if bad {
				fmt.Fprintln(p.w, annotation(s))
			}
		case Live:
			if bad {
				fmt.Fprint(p.w, clearLine+line(s)+"\n")
			}
		}
	}
	if p.mode == Live {
		fmt.Fprint(p.w, clearLine+p.status())
	}
}

// Finish prints the recap of what did not pass (each with where to look),
// the final summary line and where the report is.
func (p *Progress) Finish(s report.Summary, dir string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch p.mode {
	case Live:
		fmt.Fprint(p.w, clearLine)
	case GitHub:
		fmt.Fprintln(p.w, "::endgroup::")
	}
	if len(s.Failures) > 0 {
		fmt.Fprintf(p.w, "\n%d scenario(s) did not pass:\n", len(s.Failures))
		for _, f := range s.Failures {
			at := f.File
			if f.Line > 0 {
				at += fmt.Sprintf(":%d", f.Line)
			}
			fmt.Fprintf(p.w, "  %-7s %s  %s\n          %s\n", strings.ToUpper(string(f.Result)), f.ID, at, report.Cut(f.Reason))
		}
		fmt.Fprintln(p.w)
	}
	var parts []string
	for _, r := range report.Results {
		if n := s.Counts[r]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, r))
		}
	}
	if s.NotRun > 0 {
		parts = append(parts, fmt.Sprintf("%d not run", s.NotRun))
	}
	fmt.Fprintf(p.w, "%s: %d scenarios (%s) in %s · report: %s\n",
		s.Verdict, s.Scenarios, strings.Join(parts, ", "), report.Duration(s.DurationMS), filepath.Join(dir, report.HTMLFile))
}

func (p *Progress) status() string {
	eta := "—"
	if p.done > 0 && p.done < p.total {
		per := p.now().Sub(p.start) / time.Duration(p.done)
		eta = (per * time.Duration(p.total-p.done)).Round(time.Second).String()
	}
	return fmt.Sprintf("%d/%d scenarios · %d failed · ETA %s", p.done, p.total, p.failed, eta)
}

// line is one scenario's progress line; a failure says why.
func line(s *report.Scenario) string {
	out := fmt.Sprintf("%-8s %s (%s)", strings.ToUpper(string(s.Result)), s.ScenarioID, report.Duration(s.DurationMS))
	if report.Failing(s.Result) {
		out += ": " + report.Brief(s)
	}
	return out
}

// annotation is a GitHub Actions error annotation pointing at the failing
// step's line, escaped as the workflow-command format requires.
func annotation(s *report.Scenario) string {
	msg := ghData(s.ScenarioID + ": " + report.Brief(s))
	file, line := report.FailingAt(s)
	if file == "" {
		return "::error::" + msg
	}
	props := "file=" + ghProp(file)
	if line > 0 {
		props += fmt.Sprintf(",line=%d", line)
	}
	return "::error " + props + "::" + msg
}

var (
	ghData = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace
	ghProp = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace
)

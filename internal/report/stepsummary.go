package report

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// WriteStepSummary writes a run's Markdown recap for a CI job page (GitHub
// Actions' $GITHUB_STEP_SUMMARY): the verdict, the results per domain, what
// did not pass and where, the broken requirements and the baseline delta.
func WriteStepSummary(w io.Writer, s Summary) error {
	p := &mdWriter{w: w}
	p.f("## proofrun: %s\n\n", s.Verdict)
	if s.Why != "" {
		p.f("%s. ", md(s.Why))
	}
	p.f("%d scenarios in %s; report: `%s`\n\n", s.Scenarios+s.NotRun, Duration(s.DurationMS), md(s.Report))
	domains := make([]string, 0, len(s.Domains))
	for d := range s.Domains {
		domains = append(domains, d)
	}
	sort.Strings(domains)
	head := []string{"Domain"}
	for _, r := range Results {
		head = append(head, string(r))
	}
	p.row(head...)
	p.rule(len(head))
	for _, d := range domains {
		cells := []string{d}
		for _, r := range Results {
			cells = append(cells, fmt.Sprint(s.Domains[d][r]))
		}
		p.row(cells...)
	}
	if len(s.Failures) > 0 {
		p.f("\n### Did not pass\n\n")
		p.row("Result", "Scenario", "Where", "Why")
		p.rule(4)
		for _, f := range s.Failures {
			at := f.File
			if f.Line > 0 {
				at = fmt.Sprintf("%s:%d", f.File, f.Line)
			}
			p.row(string(f.Result), f.ID, at, Cut(f.Reason))
		}
	}
	if len(s.BrokenRequirements) > 0 {
		p.f("\n### Broken requirements\n\n%s\n", md(strings.Join(s.BrokenRequirements, ", ")))
	}
	if d := s.Baseline; d != nil && !d.Empty() {
		p.f("\n### Since baseline `%s`\n\n", md(d.Baseline))
		for _, c := range []struct {
			what    string
			changes []Change
		}{{"newly failing", d.NewlyFailing}, {"newly proven", d.NewlyProven}, {"newly flaky", d.NewlyFlaky}} {
			if len(c.changes) > 0 {
				ids := make([]string, len(c.changes))
				for i, ch := range c.changes {
					ids[i] = ch.ID
				}
				p.f("- %s: %s\n", c.what, md(strings.Join(ids, ", ")))
			}
		}
		if len(d.New) > 0 {
			p.f("- new: %s\n", md(strings.Join(d.New, ", ")))
		}
		if len(d.Missing) > 0 {
			p.f("- gone: %s\n", md(strings.Join(d.Missing, ", ")))
		}
	}
	return p.err
}

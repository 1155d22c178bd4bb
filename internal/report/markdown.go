package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/proofrun/proofrun/internal/proof"
)

// mdEntries bounds the names a state's line lists; the HTML report and
// junit.xml name every scenario.
const mdEntries = 8

// writeMarkdown writes proof-map.md: the proof map as short lists, a section
// per domain and a line per requirement and state, so it reads well on a
// code-hosting site and pastes into a spec's implementation report. Its
// output depends only on the run directory, so it is stable across rebuilds
// and merges.
func writeMarkdown(w io.Writer, m *model) error {
	p := &mdWriter{w: w}
	p.f("# Proof map\n\n")
	p.f("Run `%s` · verdict **%s** · target %s · started %s · proofrun %s\n\n",
		md(m.Meta.RunID), m.Summary.Verdict, md(m.Meta.Target), m.Meta.Started.UTC().Format(time.RFC3339), md(m.Meta.Version))
	for _, c := range Classes {
		if n := m.Summary.Coverage[c]; n > 0 {
			p.f("- %s: %d\n", c, n)
		}
	}
	provable, notProvable := m.Map.Split()
	var domains []string
	byDomain := map[string][]*Coverage{}
	for _, c := range provable {
		d := domainOf(c)
		if byDomain[d] == nil {
			domains = append(domains, d)
		}
		byDomain[d] = append(byDomain[d], c)
	}
	for _, d := range domains {
		p.f("\n## %s\n\n", md(d))
		for _, c := range byDomain[d] {
			p.f("- %s\n", mdRequirement(c))
			for _, cell := range c.Cells {
				p.f("  - %s: %s\n", md(cell.State), mdEntryList(cell.Entries()))
			}
			if n := note(c); n != "" {
				p.f("  - note: %s\n", md(n))
			}
		}
	}
	if len(notProvable) > 0 {
		p.f("\n## Not browser-provable\n\n")
		for _, c := range notProvable {
			p.f("- %s", mdRequirement(c))
			if c.Reason != "" {
				p.f(": %s", md(c.Reason))
			}
			p.f("\n")
		}
	}
	return p.err
}

// domainOf is the section a requirement is listed in: the catalogue's
// domain, else that of the first scenario proving it.
func domainOf(c *Coverage) string {
	if c.Domain != "" {
		return c.Domain
	}
	if len(c.Scenarios) > 0 && c.Scenarios[0].Domain != "" {
		return c.Scenarios[0].Domain
	}
	return "other"
}

func mdRequirement(c *Coverage) string {
	out := fmt.Sprintf("**%s** · %s", md(c.ID), c.Class)
	if c.Spec != "" {
		out += " · spec " + md(c.Spec)
	}
	if c.Summary != "" {
		out += " · " + md(c.Summary)
	}
	return out
}

// mdEntryList names a cell's scenarios, the ones that did not pass with
// their result, at most mdEntries of them.
func mdEntryList(es []Entry) string {
	var out []string
	for i, e := range es {
		if i == mdEntries {
			out = append(out, fmt.Sprintf("and %d more", len(es)-i))
			break
		}
		switch {
		case e.Scenario == nil:
			out = append(out, fmt.Sprintf("%s (%d proven cell%s)", mdCode(e.Matrix), e.Count, plural(e.Count)))
		case e.Result == proof.Proven:
			out = append(out, mdCode(e.Scenario.ScenarioID))
		default:
			out = append(out, fmt.Sprintf("%s (**%s**)", mdCode(e.Scenario.ScenarioID), e.Result))
		}
	}
	return strings.Join(out, ", ")
}

// note is what a reviewer needs besides the verdict: why a requirement is
// deferred, out of the browser's reach or unknown.
func note(c *Coverage) string {
	var out []string
	if !c.Catalogued {
		out = append(out, "not in the requirement catalogue")
	}
	for _, s := range c.Scenarios {
		if s.Deferred != "" {
			out = append(out, "deferred: "+s.Deferred)
		}
	}
	return strings.Join(out, "; ")
}

// mdWriter keeps the first write error, so the writer reads as a document.
type mdWriter struct {
	w   io.Writer
	err error
}

func (p *mdWriter) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func (p *mdWriter) row(cells ...string) {
	for i := range cells {
		cells[i] = md(cells[i])
	}
	p.f("| %s |\n", strings.Join(cells, " | "))
}

func (p *mdWriter) rule(n int) {
	p.f("|%s\n", strings.Repeat("---|", n))
}

// md makes text safe on one Markdown line and inside a table cell: no line
// breaks, pipes escaped.
var md = strings.NewReplacer("|", `\|`, "\r\n", " ", "\n", " ", "\r", " ").Replace

// mdCode is an id as a code span on one line.
func mdCode(s string) string { return "`" + codeSafe.Replace(s) + "`" }

var codeSafe = strings.NewReplacer("`", "'", "\r\n", " ", "\n", " ", "\r", " ")

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

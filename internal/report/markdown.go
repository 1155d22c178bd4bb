package report

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// writeMarkdown writes proof-map.md: the proof map as Markdown tables, ready
// to paste into a spec's implementation report. Its output depends only on
// the run directory, so it is stable across rebuilds and merges.
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
	p.f("\n## Requirements by state\n\n")
	p.row(append([]string{"Requirement", "Classification"}, m.Map.States...)...)
	p.rule(len(m.Map.States) + 2)
	for _, c := range m.Map.Requirements {
		cells := []string{c.ID, string(c.Class)}
		for _, cell := range c.Cells {
			cells = append(cells, mdCell(cell))
		}
		p.row(cells...)
	}
	p.f("\n## Requirements\n\n")
	p.row("Requirement", "Spec", "Summary", "Classification", "Scenarios", "Note")
	p.rule(6)
	for _, c := range m.Map.Requirements {
		var ids []string
		for _, s := range c.Scenarios {
			ids = append(ids, fmt.Sprintf("%s (%s)", s.ScenarioID, s.Result))
		}
		p.row(c.ID, c.Spec, c.Summary, string(c.Class), strings.Join(ids, ", "), note(c))
	}
	return p.err
}

// note is what a reviewer needs besides the verdict: why a requirement is
// deferred, out of the browser's reach or unknown.
func note(c *Coverage) string {
	var out []string
	if !c.Catalogued {
		out = append(out, "not in the requirement catalogue")
	}
	if c.Class == NotBrowserProvable && c.Reason != "" {
		out = append(out, c.Reason)
	}
	for _, s := range c.Scenarios {
		if s.Deferred != "" {
			out = append(out, "deferred: "+s.Deferred)
		}
	}
	return strings.Join(out, "; ")
}

func mdCell(c *Cell) string {
	if c == nil {
		return "—"
	}
	ids := make([]string, len(c.Scenarios))
	for i, s := range c.Scenarios {
		ids[i] = s.ScenarioID
	}
	return fmt.Sprintf("%s: %s", c.Status, strings.Join(ids, ", "))
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

// md makes text safe inside a table cell: one line, pipes escaped.
var md = strings.NewReplacer("|", `\|`, "\r\n", " ", "\n", " ", "\r", " ").Replace

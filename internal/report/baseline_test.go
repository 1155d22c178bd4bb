package report_test

import (
	"path/filepath"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/report"
	"github.com/proofrun/proofrun/internal/rundir"
)

// writeRun records a run directory from a meta and rows.
func writeRun(dir string, meta proof.Meta, rows []proof.Row) {
	GinkgoHelper()
	Expect(rundir.Write(dir, meta, rows)).To(Succeed())
}

var _ = Describe("Baseline", func() {
	It("lists what changed since the baseline run", func() {
		current := fixtureRun()
		meta, rows, err := rundir.Read(current)
		Expect(err).NotTo(HaveOccurred())
		// The baseline: the stale scenario still proven, the cancel scenario
		// failing, the first-click one deferred, and one scenario since removed.
		var base []proof.Row
		for _, r := range rows {
			switch r.ScenarioID {
			case "restore-stale-preview-blocked":
				r.Result = proof.Proven
			case "backup-run-now-cancel":
				r.Result = proof.Proven
			case "action-context-first-click":
				r.Result = proof.Failed
			case "system-denied-admin":
				continue
			}
			base = append(base, r)
		}
		base = append(base, proof.Row{ScenarioID: "retired-scenario", Domain: "restore", Result: proof.Proven})
		meta.Plan = nil
		meta.RunID = "baseline-1"
		baseline := filepath.Join(GinkgoT().TempDir(), "baseline")
		writeRun(baseline, meta, base)

		Expect(report.Build(current, report.Options{Baseline: baseline})).To(Succeed())
		html := read(current, "index.html")
		Expect(html).To(ContainSubstring("Changes since baseline"))
		summary := read(current, "summary.json")
		Expect(summary).To(ContainSubstring(`"baseline": "baseline-1"`))

		var got struct {
			Baseline report.Diff `json:"baseline"`
		}
		Expect(jsonUnmarshal(summary, &got)).To(Succeed())
		d := got.Baseline
		Expect(d.NewlyFailing).To(ConsistOf(report.Change{ID: "restore-stale-preview-blocked", Before: proof.Proven, After: proof.Failed}))
		Expect(d.NewlyProven).To(ConsistOf(report.Change{ID: "action-context-first-click", Before: proof.Failed, After: proof.Proven}))
		Expect(d.NewlyFlaky).To(ConsistOf(report.Change{ID: "backup-run-now-cancel", Before: proof.Proven, After: proof.Flaky}))
		Expect(d.Missing).To(ConsistOf("retired-scenario"))
		Expect(d.New).To(ConsistOf("system-denied-admin", "provider-credentials-redacted"))
	})

	It("names a baseline that is not a run", func() {
		err := report.Build(fixtureRun(), report.Options{Baseline: filepath.Join(GinkgoT().TempDir(), "nope")})
		Expect(err).To(MatchError(HavePrefix("baseline: not a run directory")))
		Expect(strings.Contains(err.Error(), "\n")).To(BeFalse())
	})
})

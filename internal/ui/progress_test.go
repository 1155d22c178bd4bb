package ui_test

import (
	"bytes"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/report"
	"github.com/proofrun/proofrun/internal/ui"
)

var _ = Describe("Progress", func() {
	proven := []proof.Row{
		{ScenarioID: "restore-ok", Result: proof.Proven, DurationMS: 1200, Requirement: "R1"},
		{ScenarioID: "restore-ok", Result: proof.Proven, DurationMS: 1200, Requirement: "R2"},
	}
	failed := []proof.Row{{ScenarioID: "restore-stale", Result: proof.Failed, DurationMS: 300, File: "scenarios/restore/stale,1.yaml", Line: 1,
		FailingStep: "3 action: Execute restore", Reason: "step 3 action: 100% enabled\nnot disabled",
		Steps: []proof.StepResult{{Index: 1, Line: 5, Status: "passed"}, {Index: 3, File: "scenarios/restore/stale,1.yaml", Line: 7, Status: "failed"}}}}
	summary := report.Summarize(proof.Meta{}, append(append([]proof.Row{}, proven...), failed...))

	run := func(mode ui.ProgressMode) string {
		var buf bytes.Buffer
		p := ui.NewProgress(&buf, 2, mode)
		p.Done(proven)
		p.Done(failed)
		p.Finish(summary, "reports/r1")
		return buf.String()
	}
	final := "FAIL: 2 scenarios (1 failed, 1 proven) in 0 ms · report: reports/r1/index.html\n"
	recap := "\n1 scenario(s) did not pass:\n  FAILED  restore-stale  scenarios/restore/stale,1.yaml:7\n          3 action: Execute restore: step 3 action: 100% enabled\nnot disabled\n\n"

	It("prints one line per scenario in plain mode", func() {
		Expect(run(ui.Plain)).To(Equal("PROVEN   restore-ok (1.2 s)\n" +
			"FAILED   restore-stale (300 ms): 3 action: Execute restore: step 3 action: 100% enabled\nnot disabled\n" + recap + final))
	})

	It("adds an escaped GitHub annotation per failure at the failing step's line in CI mode", func() {
		out := run(ui.CI)
		Expect(out).To(ContainSubstring("\n::error file=scenarios/restore/stale%2C1.yaml,line=7::restore-stale: 3 action: Execute restore: step 3 action: 100%25 enabled%0Anot disabled\n"))
		Expect(strings.Count(out, "::error")).To(Equal(1))
		Expect(out).NotTo(ContainSubstring("::group::"))
		Expect(out).To(HaveSuffix(recap + final))
	})

	It("folds the scenario lines into a group under GitHub Actions, the recap outside it", func() {
		out := run(ui.GitHub)
		Expect(out).To(HavePrefix("::group::proofrun: 2 scenarios\nPROVEN   restore-ok"))
		Expect(out).To(ContainSubstring("::error file="))
		Expect(out).To(HaveSuffix("::endgroup::\n" + recap + final))
	})

	It("cuts a long reason on the terminal, never in the report", func() {
		long := []proof.Row{{ScenarioID: "long", Result: proof.Error, Reason: strings.Repeat("x", 500)}}
		var buf bytes.Buffer
		ui.NewProgress(&buf, 1, ui.Plain).Done(long)
		Expect(buf.String()).To(Equal("ERROR    long (0 ms): " + strings.Repeat("x", 199) + "…\n"))
		Expect(report.Summarize(proof.Meta{}, long).Failures[0].Reason).To(HaveLen(500))
	})

	It("prints only the recap and the summary when quiet", func() {
		Expect(run(ui.Quiet)).To(Equal(recap + final))
	})

	It("redraws a status line and keeps failures in live mode", func() {
		out := run(ui.Live)
		Expect(out).To(ContainSubstring("\r\x1b[2K1/2 scenarios · 0 failed · ETA "))
		Expect(out).To(ContainSubstring("\r\x1b[2KFAILED   restore-stale (300 ms): 3 action: Execute restore: step 3 action"))
		Expect(out).To(ContainSubstring("\r\x1b[2K2/2 scenarios · 1 failed · ETA —"))
		Expect(out).NotTo(ContainSubstring("PROVEN"))
		Expect(out).To(HaveSuffix("\r\x1b[2K" + recap + final))
	})

	Describe("DetectMode", func() {
		env := func(kv ...string) func(string) string {
			return func(k string) string {
				for i := 0; i < len(kv); i += 2 {
					if kv[i] == k {
						return kv[i+1]
					}
				}
				return ""
			}
		}

		It("is plain for a file and quiet when asked", func() {
			Expect(ui.DetectMode(false, false, env())).To(Equal(ui.Plain))
			Expect(ui.DetectMode(false, true, env())).To(Equal(ui.Quiet))
		})

		It("is GitHub under GitHub Actions, CI under CI=true", func() {
			Expect(ui.DetectMode(false, false, env("CI", "true"))).To(Equal(ui.CI))
			Expect(ui.DetectMode(false, false, env("CI", "true", "GITHUB_ACTIONS", "true"))).To(Equal(ui.GitHub))
			Expect(ui.DetectMode(false, true, env("CI", "true", "GITHUB_ACTIONS", "true"))).To(Equal(ui.Quiet))
		})

		It("is live on a terminal, unless it is a dumb one", func() {
			Expect(ui.DetectMode(true, false, env("TERM", "xterm"))).To(Equal(ui.Live))
			Expect(ui.DetectMode(true, false, env("TERM", "dumb"))).To(Equal(ui.Plain))
		})
	})
})

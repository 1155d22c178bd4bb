package report_test

import (
	"bytes"
	"os"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/report"
)

var _ = Describe("Progress", func() {
	proven := []proof.Row{
		{ScenarioID: "restore-ok", Result: proof.Proven, DurationMS: 1200, Requirement: "R1"},
		{ScenarioID: "restore-ok", Result: proof.Proven, DurationMS: 1200, Requirement: "R2"},
	}
	failed := []proof.Row{{ScenarioID: "restore-stale", Result: proof.Failed, DurationMS: 300, File: "scenarios/restore/stale,1.yaml", Line: 7,
		FailingStep: "3 action: Execute restore", Reason: "100% enabled\nnot disabled"}}
	summary := report.Summarize(proof.Meta{}, append(append([]proof.Row{}, proven...), failed...))

	run := func(mode report.ProgressMode) string {
		var buf bytes.Buffer
		p := report.NewProgress(&buf, 2, mode)
		p.Done(proven)
		p.Done(failed)
		p.Finish(summary, "reports/r1")
		return buf.String()
	}
	final := "FAIL: 2 scenarios (1 failed, 1 proven) in 0 ms · report: reports/r1/index.html\n"

	It("prints one line per scenario in plain mode", func() {
		Expect(run(report.Plain)).To(Equal("PROVEN   restore-ok (1.2 s)\n" +
			"FAILED   restore-stale (300 ms): 3 action: Execute restore: 100% enabled\nnot disabled\n" + final))
	})

	It("adds an escaped GitHub annotation per failure in CI mode", func() {
		out := run(report.CI)
		Expect(out).To(ContainSubstring("\n::error file=scenarios/restore/stale%2C1.yaml,line=7::restore-stale: 3 action: Execute restore: 100%25 enabled%0Anot disabled\n"))
		Expect(strings.Count(out, "::error")).To(Equal(1))
	})

	It("prints only the summary when quiet", func() {
		Expect(run(report.Quiet)).To(Equal(final))
	})

	It("redraws a status line and keeps failures in live mode", func() {
		out := run(report.Live)
		Expect(out).To(ContainSubstring("\r\x1b[2K1/2 scenarios · 0 failed · ETA "))
		Expect(out).To(ContainSubstring("\r\x1b[2KFAILED   restore-stale (300 ms): 3 action"))
		Expect(out).To(ContainSubstring("\r\x1b[2K2/2 scenarios · 1 failed · ETA —"))
		Expect(out).NotTo(ContainSubstring("PROVEN"))
		Expect(out).To(HaveSuffix("\r\x1b[2K" + final))
	})

	Describe("DetectMode", func() {
		BeforeEach(func() {
			for _, k := range []string{"CI", "GITHUB_ACTIONS"} {
				old, had := os.LookupEnv(k)
				Expect(os.Unsetenv(k)).To(Succeed())
				DeferCleanup(func() {
					if had {
						os.Setenv(k, old)
					}
				})
			}
		})
		file := func() *os.File {
			f, err := os.CreateTemp(GinkgoT().TempDir(), "out")
			Expect(err).NotTo(HaveOccurred())
			DeferCleanup(f.Close)
			return f
		}

		It("is plain for a file and quiet when asked", func() {
			Expect(report.DetectMode(file(), false)).To(Equal(report.Plain))
			Expect(report.DetectMode(file(), true)).To(Equal(report.Quiet))
		})

		It("is CI under GitHub Actions or CI=true", func() {
			GinkgoT().Setenv("GITHUB_ACTIONS", "true")
			Expect(report.DetectMode(file(), false)).To(Equal(report.CI))
			Expect(report.DetectMode(file(), true)).To(Equal(report.Quiet))
		})

		It("is live on a terminal", func() {
			// /dev/null is a character device like a terminal, and always there.
			tty, err := os.OpenFile("/dev/null", os.O_WRONLY, 0)
			Expect(err).NotTo(HaveOccurred())
			DeferCleanup(tty.Close)
			GinkgoT().Setenv("TERM", "xterm")
			Expect(report.DetectMode(tty, false)).To(Equal(report.Live))
		})
	})
})

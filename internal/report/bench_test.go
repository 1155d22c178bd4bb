package report_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/chromium"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/report"
	"github.com/proofrun/proofrun/internal/rundir"
)

// tinyPNG is a 1x1 PNG standing in for a screenshot.
var tinyPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")

// largeRun records a run of n scenarios over six domains, each with two
// requirements, five steps and two screenshots; every tenth fails with a
// finding. It is a clean-looking run with the default --trace on-failure:
// tracedRun adds the traces.
func largeRun(dir string, n int) error { return tracedRun(dir, n, "on-failure") }

// tracedRun records largeRun's run as --trace mode keeps it: with
// on-failure each failed scenario, with on every scenario, gets a screenshot
// after each step and a trace file of 20 requests and 3 console messages.
func tracedRun(dir string, n int, mode string) error {
	t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	domains := []string{"restore", "backup", "provider", "cross-workspace", "system-denied", "action-context"}
	meta := proof.Meta{RunID: "large", Pack: "p", Started: t0, Finished: t0.Add(10 * time.Minute), Workers: 4}
	run, err := rundir.Create(dir, meta, nil)
	if err != nil {
		return err
	}
	for i := range n {
		sc := proof.PlannedScenario{ID: fmt.Sprintf("scenario-%04d", i), Title: fmt.Sprintf("Scenario number %d proves something", i),
			Domain: domains[i%len(domains)], State: []string{"allowed", "stale", "blocked"}[i%3], Actor: []string{"owner", "readonly"}[i%2],
			Proves: []string{fmt.Sprintf("FR-401-%03d", i%40), fmt.Sprintf("FR-402-%03d", i%25)}, File: "scenarios/x.yaml", Line: i + 1}
		base := proof.Row{Result: proof.Proven, Start: t0.Add(time.Duration(i) * time.Second), DurationMS: 900}
		for s := range 5 {
			base.Steps = append(base.Steps, proof.StepResult{Index: s + 1, Kind: "see", Text: fmt.Sprintf("see: Text number %d", s), Status: "passed", DurationMS: 150})
		}
		if i%10 == 0 {
			base.Result, base.FailingStep, base.Reason = proof.Failed, "5 see: Text number 4", "text not found"
			base.Findings = []proof.Finding{{Kind: "http", URL: "http://127.0.0.1/x", Status: 500, Message: "server error", At: t0}}
		}
		for _, name := range []string{"page", "failure"} {
			p, err := run.Screenshot(sc.ID, name, tinyPNG)
			if err != nil {
				return err
			}
			base.Evidence = append(base.Evidence, p)
		}
		if mode == "on" || mode == "on-failure" && base.Result != proof.Proven {
			if err := trace(run, sc.ID, &base, t0); err != nil {
				return err
			}
		}
		if err := run.Append(rundir.RowsFor(meta.RunID, sc, base)...); err != nil {
			return err
		}
	}
	return run.Finish(meta)
}

// trace gives a scenario's steps their after-step screenshots and writes its
// trace: four requests per step, a Livewire update among them, and a
// console message on three steps.
func trace(run *rundir.Run, id string, row *proof.Row, t0 time.Time) error {
	var tr proof.Trace
	for s := range row.Steps {
		p, err := run.Screenshot(id, fmt.Sprintf("step-%02d", s+1), tinyPNG)
		if err != nil {
			return err
		}
		row.Steps[s].Screenshot = p
		label := fmt.Sprintf("%d %s", s+1, row.Steps[s].Text)
		for q := range 4 {
			req := proof.Request{Step: label, Method: "GET", URL: fmt.Sprintf("http://127.0.0.1/admin/page-%d/asset-%d.js", s, q),
				Status: 200, Type: "Script", Initiator: "parser", DurationMS: 12}
			if q == 0 {
				req = proof.Request{Step: label, Method: "POST", URL: "http://127.0.0.1/livewire/update", Status: 200, Type: "Fetch",
					Initiator: "script", DurationMS: 80, Livewire: []proof.Call{{Component: "app.filament.resources.runs.pages.list-runs", Methods: []string{"mountAction"}}}}
			}
			tr.Requests = append(tr.Requests, req)
		}
		if s < 3 {
			tr.Console = append(tr.Console, proof.Message{Step: label, Level: "warning", Text: "a console message of the page", At: t0})
		}
	}
	b, err := json.Marshal(tr)
	if err == nil {
		row.Trace, err = run.Trace(id, b)
	}
	return err
}

// BenchmarkBuild1000 builds the reports of 1,000 scenarios with 2,000
// screenshots (the target: well under 2 s an operation).
func BenchmarkBuild1000(b *testing.B) {
	dir := b.TempDir()
	if err := largeRun(dir, 1000); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if err := report.Build(dir, report.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

var _ = Describe("A large report", func() {
	It("grows at most linearly with the scenarios and holds no screenshot inline", func() {
		size := func(n int) float64 {
			dir := filepath.Join(GinkgoT().TempDir(), "run")
			Expect(largeRun(dir, n)).To(Succeed())
			Expect(report.Build(dir, report.Options{})).To(Succeed())
			st, err := os.Stat(filepath.Join(dir, "index.html"))
			Expect(err).NotTo(HaveOccurred())
			Expect(read(dir, "index.html")).NotTo(ContainSubstring("base64"))
			return float64(st.Size())
		}
		small, large := size(100), size(1000)
		// Below 10: the styles, the script and a proof map line per
		// requirement and state do not grow with the scenarios.
		Expect(large/small).To(BeNumerically("<", 11.5), "ten times the scenarios, at most ten times the bytes")
		Expect((large-small)/900).To(BeNumerically("<", 8000), "bytes per scenario")
	})
})

// BenchmarkOpen1000 opens the report of 1,000 scenarios from disk in
// Chromium and times the first usable screen: the load event, with the
// verdict shown (the target: under 1.5 s; with --trace on, under 2 s).
func BenchmarkOpen1000(b *testing.B) {
	l := chromium.Launcher(chromium.Bin).NoSandbox(true)
	control, err := l.Launch()
	if err != nil {
		b.Fatal(err)
	}
	defer l.Cleanup()
	defer l.Kill()
	browser := rod.New().ControlURL(control)
	if err := browser.Connect(); err != nil {
		b.Fatal(err)
	}
	for _, mode := range []string{"on-failure", "on"} {
		b.Run("trace="+mode, func(b *testing.B) {
			dir := b.TempDir()
			if err := tracedRun(dir, 1000, mode); err != nil {
				b.Fatal(err)
			}
			if err := report.Build(dir, report.Options{}); err != nil {
				b.Fatal(err)
			}
			url := "file://" + filepath.Join(dir, report.HTMLFile)
			var total time.Duration
			n := 0
			b.ResetTimer()
			for b.Loop() {
				page, err := browser.Page(proto.TargetCreateTarget{})
				if err != nil {
					b.Fatal(err)
				}
				start := time.Now()
				if err := page.Navigate(url); err != nil {
					b.Fatal(err)
				}
				if err := page.WaitLoad(); err != nil {
					b.Fatal(err)
				}
				if _, err := page.Timeout(5 * time.Second).Element("#verdict .verdict-word"); err != nil {
					b.Fatal(err)
				}
				total += time.Since(start)
				n++
				_ = page.Close()
			}
			b.ReportMetric(float64(total.Milliseconds())/float64(n), "ms-to-first-screen")
			if st, err := os.Stat(filepath.Join(dir, report.HTMLFile)); err == nil {
				b.ReportMetric(float64(st.Size())/1e6, "MB-index.html")
			}
		})
	}
}

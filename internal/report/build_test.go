package report_test

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/report"
	"github.com/proofrun/proofrun/internal/rundir"
)

var _ = Describe("Build", func() {
	var dir string
	BeforeEach(func() {
		dir = fixtureRun()
		Expect(report.Build(dir, report.Options{})).To(Succeed())
	})

	It("writes proof-map.md as the golden file", func() {
		golden("proof-map.golden.md", read(dir, "proof-map.md"))
	})

	It("writes junit.xml as the golden file", func() {
		golden("junit.golden.xml", read(dir, "junit.xml"))
	})

	It("is deterministic", func() {
		first := read(dir, "index.html") + read(dir, "junit.xml") + read(dir, "proof-map.md") + read(dir, "summary.json")
		Expect(report.Build(dir, report.Options{})).To(Succeed())
		Expect(read(dir, "index.html") + read(dir, "junit.xml") + read(dir, "proof-map.md") + read(dir, "summary.json")).To(Equal(first))
	})

	It("writes a JUnit file CI can parse: a suite per domain, a case per scenario", func() {
		var doc struct {
			Tests  int `xml:"tests,attr"`
			Suites []struct {
				Name  string `xml:"name,attr"`
				Cases []struct {
					Name    string `xml:"name,attr"`
					Failure *struct {
						Message string `xml:"message,attr"`
						Body    string `xml:",chardata"`
					} `xml:"failure"`
					Skipped *struct {
						Message string `xml:"message,attr"`
					} `xml:"skipped"`
					Flaky []struct {
						Message string `xml:"message,attr"`
						Trace   string `xml:"stackTrace"`
						Out     string `xml:"system-out"`
					} `xml:"flakyFailure"`
					Props []struct {
						Name  string `xml:"name,attr"`
						Value string `xml:"value,attr"`
					} `xml:"properties>property"`
					Out string `xml:"system-out"`
				} `xml:"testcase"`
			} `xml:"testsuite"`
		}
		Expect(xml.Unmarshal([]byte(read(dir, "junit.xml")), &doc)).To(Succeed())
		Expect(doc.Tests).To(Equal(16), "15 scenarios that ran and 1 that did not")
		var names []string
		for _, s := range doc.Suites {
			names = append(names, s.Name)
			for _, c := range s.Cases {
				switch c.Name {
				case "restore-stale-preview-blocked":
					Expect(c.Failure.Message).To(Equal("3 action: Execute restore: expected the action to be disabled, it is enabled"))
					Expect(c.Failure.Body).To(ContainSubstring(`[console] <img src=x onerror="window.__xss=1">`))
					Expect(c.Out).To(ContainSubstring("[[ATTACHMENT|screenshots/restore-stale-preview-blocked/02-failure.png]]"))
					Expect(c.Props).To(ContainElement(HaveField("Value", "FR-401-010")))
				case "backup-archive-expired":
					Expect(c.Skipped.Message).To(Equal("deferred: product decision pending: archive or delete expired sets"))
				case "backup-run-now-cancel":
					Expect(c.Failure).To(BeNil())
					Expect(c.Props).To(ContainElement(HaveField("Name", "flaky")))
					Expect(c.Flaky).To(HaveLen(1), "the passing case carries the failed try, as Surefire writes it")
					Expect(c.Flaky[0].Message).To(Equal("4 assert: runs_after == runs_before: runs_after is 1, runs_before is 0"))
					Expect(c.Flaky[0].Trace).To(ContainSubstring("[http] server error"))
					Expect(c.Flaky[0].Out).To(ContainSubstring("[[ATTACHMENT|screenshots/backup-run-now-cancel/01-attempt-1-failure.png]]"))
				default:
					Expect(c.Flaky).To(BeEmpty())
				}
			}
		}
		Expect(names).To(Equal([]string{"action-context", "backup", "cross-workspace", "provider", "restore", "system-denied"}))
	})

	It("marks a flaky scenario that recorded only its attempt count with the row's reason, and keeps the earlier tries of a failure", func() {
		dir := filepath.Join(GinkgoT().TempDir(), "run")
		meta := proof.Meta{RunID: "r", Pack: "p"}
		run, err := rundir.Create(dir, meta, nil)
		Expect(err).NotTo(HaveOccurred())
		sc := proof.PlannedScenario{ID: "flaky-once", Domain: "d", State: "allowed", Proves: []string{"R1"}}
		Expect(run.Append(rundir.RowsFor("r", sc, proof.Row{Result: proof.Flaky, Attempts: 2,
			Reason: "proven on attempt 2 of 2; first failure: 1 see: All good: text not found"})...)).To(Succeed())
		sc = proof.PlannedScenario{ID: "failed-twice", Domain: "d", State: "allowed", Proves: []string{"R1"}}
		Expect(run.Append(rundir.RowsFor("r", sc, proof.Row{Result: proof.Failed, Attempts: 2, FailingStep: "1 see: All good", Reason: "text not found",
			Retried: []proof.Attempt{{Result: proof.Failed, FailingStep: "1 see: All good", Reason: "page answered 500"}}})...)).To(Succeed())
		Expect(run.Finish(meta)).To(Succeed())
		Expect(report.Build(dir, report.Options{})).To(Succeed())
		junit := read(dir, "junit.xml")
		Expect(junit).To(ContainSubstring(
			`<flakyFailure message="proven on attempt 2 of 2; first failure: 1 see: All good: text not found" type="failed"></flakyFailure>`))
		Expect(junit).To(ContainSubstring(`<failure message="1 see: All good: text not found" type="failed"></failure>`))
		Expect(junit).To(ContainSubstring(`<rerunFailure message="1 see: All good: page answered 500" type="failed"></rerunFailure>`))
	})

	It("keeps proof-map.md lines short however many scenarios prove a requirement", func() {
		dir := filepath.Join(GinkgoT().TempDir(), "run")
		Expect(largeRun(dir, 1000)).To(Succeed())
		Expect(report.Build(dir, report.Options{})).To(Succeed())
		md := read(dir, "proof-map.md")
		for i, line := range strings.Split(md, "\n") {
			Expect(len(line)).To(BeNumerically("<=", 300), "proof-map.md:%d: %s", i+1, line)
		}
		Expect(md).NotTo(ContainSubstring("|---"), "no tables")
		Expect(md).To(ContainSubstring("- **FR-401-000** · Implementation defect found\n  - allowed: `scenario-0000` (**failed**), `scenario-0120` (**failed**)"))
		Expect(md).To(MatchRegexp("and [0-9]+ more\n"), "a long list is cut, the HTML report names them all")
	})

	It("writes summary.json counting scenarios, not rows", func() {
		var s report.Summary
		Expect(json.Unmarshal([]byte(read(dir, "summary.json")), &s)).To(Succeed())
		Expect(s.Verdict).To(Equal(proof.VerdictFail))
		Expect(s.Scenarios).To(Equal(15))
		Expect(s.Rows).To(Equal(16))
		Expect(s.NotRun).To(Equal(1))
		Expect(s.Counts).To(Equal(map[proof.Result]int{proof.Proven: 8, proof.Failed: 3, proof.Error: 1, proof.Flaky: 1, proof.Deferred: 1, proof.Skipped: 1, proof.NotRun: 1}))
		Expect(s.Domains["restore"][proof.Failed]).To(Equal(1))
		Expect(s.Requirements).To(Equal(10))
		Expect(s.Coverage[report.MissingProof]).To(Equal(1))
		Expect(s.DurationMS).To(BeEquivalentTo(42000))
	})

	It("writes an index.html that escapes row data and allows only its own script", func() {
		html := read(dir, "index.html")
		Expect(html).NotTo(ContainSubstring(`<img src=x`))
		Expect(html).To(ContainSubstring(`&lt;img src=x onerror=&#34;window.__xss=1&#34;&gt;`))
		Expect(html).To(MatchRegexp(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-([A-Za-z0-9/=]|&#43;)+&#39;`))
		Expect(html).NotTo(ContainSubstring("unsafe-inline"))
		Expect(strings.Count(html, "<script")).To(Equal(1))
		Expect(html).NotTo(ContainSubstring("data:image"), "screenshots stay files beside the report")
		Expect(html).To(ContainSubstring(`loading="lazy"`))
		Expect(html).To(ContainSubstring(`id="provider-credentials-redacted"`), "a planned scenario without a row is shown")
		Expect(html).To(ContainSubstring("Not browser-provable"))
		Expect(html).To(ContainSubstring("browser crashed during restore-partial-not-success; relaunched"))
	})

	It("says a screenshot file is missing instead of drawing a broken image", func() {
		Expect(os.Remove(filepath.Join(dir, "screenshots/restore-preview-allowed/01-preview.png"))).To(Succeed())
		Expect(report.Build(dir, report.Options{})).To(Succeed())
		Expect(read(dir, "index.html")).To(ContainSubstring("01-preview.png (file missing)"))
	})

	It("fails with the file and line of a bad row", func() {
		f, err := os.OpenFile(filepath.Join(dir, "proof.jsonl"), os.O_APPEND|os.O_WRONLY, 0)
		Expect(err).NotTo(HaveOccurred())
		_, err = f.WriteString("{not json\n")
		Expect(err).NotTo(HaveOccurred())
		Expect(f.Close()).To(Succeed())
		Expect(report.Build(dir, report.Options{})).To(MatchError(ContainSubstring("proof.jsonl:17:")))
	})
})

var _ = Describe("WriteStepSummary", func() {
	It("recaps the verdict, the domains, what did not pass and where, and the broken requirements", func() {
		dir := fixtureRun()
		Expect(report.Build(dir, report.Options{})).To(Succeed())
		s, err := report.ReadSummary(dir)
		Expect(err).NotTo(HaveOccurred())
		var buf strings.Builder
		Expect(report.WriteStepSummary(&buf, s)).To(Succeed())
		out := buf.String()
		Expect(out).To(HavePrefix("## proofrun: FAIL\n"))
		Expect(out).To(ContainSubstring("| Domain | failed | error | flaky | deferred | not-run | skipped | proven |"))
		Expect(out).To(ContainSubstring("| restore | 1 | 1 |"))
		Expect(out).To(ContainSubstring("| failed | restore-stale-preview-blocked | scenarios/restore/restore-stale-preview-blocked.yaml:10 |"))
		Expect(out).To(ContainSubstring("### Broken requirements\n\nFR-401-010, FR-401-013, FR-402-020\n"))
		Expect(out).NotTo(ContainSubstring("FR-401-012"), "an error breaks no requirement")
	})
})

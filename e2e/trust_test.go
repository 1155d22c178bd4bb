package e2e_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"
	. "github.com/onsi/gomega/gstruct"

	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/report"
)

// Issue 12: merges are complete or refused, and focused runs say "not in
// this run" rather than "missing proof".

// trustPack is three scenarios over site() with a requirement catalogue:
// R1 (smoke) and R2 are proven by the pack, R3 by nothing.
func trustPack(baseURL string) map[string]string {
	sc := func(id, req, tags string) string {
		return fmt.Sprintf("id: %s\ntitle: %s\ndomain: restore\nstate: allowed\nproves: [%s]\ntags: [%s]\nsteps:\n  - visit: /clean\n  - see: All good\n", id, id, req, tags)
	}
	return map[string]string{
		"config.yaml":      configFor(baseURL),
		"scenarios/a.yaml": sc("a", "R1", "smoke"),
		"scenarios/b.yaml": sc("b", "R2", "full"),
		"scenarios/c.yaml": sc("c", "R2", "full"),
		"scenarios/requirements.yaml": "requirements:\n" +
			"  - { id: R1, spec: \"401\", summary: one, browser: true }\n" +
			"  - { id: R2, spec: \"401\", summary: two, browser: true }\n" +
			"  - { id: R3, spec: \"401\", summary: three, browser: true }\n",
	}
}

func summaryOf(dir string) report.Summary {
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	Expect(err).NotTo(HaveOccurred())
	var s report.Summary
	Expect(json.Unmarshal(b, &s)).To(Succeed())
	return s
}

var _ = Describe("trustworthy verdicts", func() {
	It("shows requirements a focused run left out as not in this run, never missing proof", func() {
		dir := workdir(trustPack(site().URL))
		full := proofrun(dir, "run", "--out", "full")
		Eventually(full, 300*time.Second).Should(gexec.Exit(0))

		sess := proofrun(dir, "run", "--tag", "smoke", "--out", "smoke", "--baseline", "full")
		Eventually(sess, 300*time.Second).Should(gexec.Exit(0))
		s := summaryOf(filepath.Join(dir, "smoke"))
		Expect(s.Verdict).To(Equal(proof.VerdictPass))
		Expect(s.Coverage).To(Equal(map[report.Class]int{report.FullyProven: 1, report.NotInThisRun: 1, report.MissingProof: 1}))
		Expect(s.Baseline.Missing).To(BeEmpty(), "scenarios filtered out are not missing")
		md, err := os.ReadFile(filepath.Join(dir, "smoke", "proof-map.md"))
		Expect(err).NotTo(HaveOccurred())
		Expect(string(md)).To(ContainSubstring("**R2** · Not in this run"))
		Expect(string(md)).To(ContainSubstring("**R3** · Missing proof"))
	})

	Describe("merge", func() {
		var dir string
		BeforeEach(func() {
			dir = workdir(trustPack(site().URL))
			for _, sh := range []string{"1/2", "2/2"} {
				sess := proofrun(dir, "run", "--shard", sh, "--out", "shard"+sh[:1])
				Eventually(sess, 300*time.Second).Should(gexec.Exit(0))
			}
		})

		It("merges shards 1..N of one plan into a passing run", func() {
			sess := proofrun(dir, "merge", "shard1", "shard2", "--out", "merged")
			Eventually(sess, 180*time.Second).Should(gexec.Exit(0))
			Expect(sess.Out).To(gbytes.Say("merged 2 runs: PASS"))
			Expect(summaryOf(filepath.Join(dir, "merged")).Scenarios).To(Equal(3))
		})

		It("refuses a missing shard, naming it, and merges it only as INCOMPLETE", func() {
			sess := proofrun(dir, "merge", "shard1", "--out", "merged")
			Eventually(sess, 180*time.Second).Should(gexec.Exit(2))
			Expect(sess.Err).To(gbytes.Say(`cannot merge: shard 2/2 is missing`))

			sess = proofrun(dir, "merge", "shard1", "--allow-partial", "--out", "partial")
			Eventually(sess, 180*time.Second).Should(gexec.Exit(3))
			Expect(sess.Out).To(gbytes.Say("merged 1 runs: INCOMPLETE"))
			Expect(summaryOf(filepath.Join(dir, "partial")).Verdict).To(Equal(proof.VerdictIncomplete))
		})

		It("refuses the same shard twice", func() {
			sess := proofrun(dir, "merge", "shard1", "shard1", "shard2", "--out", "merged")
			Eventually(sess, 180*time.Second).Should(gexec.Exit(2))
			Expect(sess.Err).To(gbytes.Say(`cannot merge: shard 1/2 is given twice`))
		})

		It("refuses shards run against different targets", func() {
			other := site()
			sess := proofrun(dir, "run", "--shard", "2/2", "--base-url", other.URL, "--out", "elsewhere")
			Eventually(sess, 300*time.Second).Should(gexec.Exit(0))
			sess = proofrun(dir, "merge", "shard1", "elsewhere", "--out", "merged")
			Eventually(sess, 180*time.Second).Should(gexec.Exit(2))
			Expect(sess.Err).To(gbytes.Say(`ran with different targets`))
		})
	})

	It("points CI at the failing step's line, recaps the failures and writes the GitHub step summary", func() {
		s := site()
		dir := workdir(map[string]string{
			"config.yaml":        configFor(s.URL),
			"scenarios/bad.yaml": scenarioFile("noisy-page", "/noisy", "All good"),
		})
		summary := filepath.Join(dir, "step-summary.md")
		sess := proofrunEnv(dir, []string{"CI=true", "GITHUB_ACTIONS=true", "GITHUB_STEP_SUMMARY=" + summary}, "run", "--out", "out")
		Eventually(sess, 300*time.Second).Should(gexec.Exit(1))
		Expect(sess.Out).To(gbytes.Say(`::group::proofrun: 1 scenarios`))
		Expect(sess.Out).To(gbytes.Say(`::error file=scenarios/bad.yaml,line=6::noisy-page: 1 visit: /noisy: console finding: boom from noisy`))
		Expect(sess.Out).To(gbytes.Say(`::endgroup::`))
		Expect(sess.Out).To(gbytes.Say(`1 scenario\(s\) did not pass:\n  FAILED  noisy-page  scenarios/bad.yaml:6\n`))
		Expect(sess.Out).To(gbytes.Say(`FAIL: 1 scenarios`))
		md, err := os.ReadFile(summary)
		Expect(err).NotTo(HaveOccurred())
		Expect(string(md)).To(HavePrefix("## proofrun: FAIL\n"))
		Expect(string(md)).To(ContainSubstring("| failed | noisy-page | scenarios/bad.yaml:6 |"))
		sum := summaryOf(filepath.Join(dir, "out"))
		Expect(sum.ExitCode).To(Equal(1))
		Expect(sum.SchemaVersion).To(Equal(2))
		Expect(sum.Failures).To(HaveLen(1))
		Expect(sum.Report).To(Equal("out/index.html"))
	})

	It("reruns exactly the failures of the previous run with --last-failed", func() {
		s := site()
		dir := workdir(map[string]string{
			"config.yaml":          configFor(s.URL),
			"scenarios/ok.yaml":    scenarioFile("clean-page", "/clean", "All good"),
			"scenarios/bad.yaml":   scenarioFile("noisy-page", "/noisy", "All good"),
			"scenarios/other.yaml": scenarioFile("missing-text", "/clean", "Not there"),
		})
		first := proofrunEnv(dir, []string{"PROOFRUN_RUN_STEP_TIMEOUT=15s"}, "run", "--workers", "2")
		Eventually(first, 300*time.Second).Should(gexec.Exit(1))

		again := proofrunEnv(dir, []string{"PROOFRUN_RUN_STEP_TIMEOUT=15s"}, "run", "--last-failed", "--out", "again")
		Eventually(again, 300*time.Second).Should(gexec.Exit(1))
		rows := byScenario(readRows(filepath.Join(dir, "again", "proof.jsonl")))
		Expect(rows).To(HaveLen(2))
		Expect(rows).To(HaveKey("noisy-page"))
		Expect(rows).To(HaveKey("missing-text"))

		list := proofrun(dir, "list", "--last-failed", "--from", "again", "--skip-id", "noisy-*")
		Eventually(list, 120*time.Second).Should(gexec.Exit(0))
		Expect(string(list.Out.Contents())).To(ContainSubstring("missing-text"))
		Expect(string(list.Out.Contents())).NotTo(ContainSubstring("noisy-page"))
		Expect(string(list.Out.Contents())).NotTo(ContainSubstring("clean-page"))
	})

	It("keeps the failing scenario's trace: the invoke's answer, a screenshot after each step, and no secret in the run directory", func() {
		const id = "restore-readonly-execute-invoke-refused"
		out := GinkgoT().TempDir()
		sess := proofrun(project(), "run", "--quiet", "--faults", "authz-hole-restore", "--id", id, "--out", out)
		Eventually(sess, 600*time.Second).Should(gexec.Exit(1))
		row := byScenario(readRows(filepath.Join(out, "proof.jsonl")))[id]
		Expect(row.Result).To(Equal(proof.Failed))
		Expect(row.Trace).To(Equal("trace/" + id + ".json"))
		b, err := os.ReadFile(filepath.Join(out, row.Trace))
		Expect(err).NotTo(HaveOccurred())
		var tr proof.Trace
		Expect(json.Unmarshal(b, &tr)).To(Succeed())
		Expect(tr.Requests).To(ContainElement(MatchFields(IgnoreExtras, Fields{
			"Step": ContainSubstring("invoke"), "Method": Equal("POST"), "Status": Equal(200), "Body": Not(BeEmpty()),
			"Livewire": ContainElement(MatchFields(IgnoreExtras, Fields{"Methods": ContainElement("callMountedAction")})),
		})))
		for _, st := range row.Steps {
			if st.Status == "passed" {
				Expect(st.Screenshot).NotTo(BeEmpty(), "a screenshot after each passed step: %s", st.Text)
				Expect(st.Rebuilt).To(BeTrue(), "on-failure rebuilds it from the DOM: %s", st.Text)
				Expect(filepath.Join(out, st.Screenshot)).To(BeAnExistingFile())
			}
		}
		secrets, err := fixtureSecrets()
		Expect(err).NotTo(HaveOccurred())
		Expect(leaks(out, secrets)).To(BeEmpty())
	})
})

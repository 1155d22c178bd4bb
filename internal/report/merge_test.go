package report_test

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/collect"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/report"
)

// writeRun records a run directory from a meta and rows.
func writeRun(dir string, meta proof.Meta, rows []proof.Row) {
	run, err := collect.Create(dir, meta, nil)
	Expect(err).NotTo(HaveOccurred())
	Expect(run.Append(rows...)).To(Succeed())
	Expect(run.Finish(meta)).To(Succeed())
}

// shard splits the fixture run into two shard runs the way `--shard I/2`
// would: each scenario (with all its rows, plan entry and screenshots) in
// exactly one shard.
func shard(single string) (string, string) {
	meta, rows, err := collect.Read(single)
	Expect(err).NotTo(HaveOccurred())
	base := GinkgoT().TempDir()
	dirs := []string{filepath.Join(base, "shard1"), filepath.Join(base, "shard2")}
	in := func(id string) int { return int(id[len(id)-1]) % 2 } // any stable partition
	for i, dir := range dirs {
		m := meta
		m.Shard = []string{"1/2", "2/2"}[i]
		m.Workers = 1
		m.Plan = nil
		for _, p := range meta.Plan {
			if in(p.ID) == i {
				m.Plan = append(m.Plan, p)
			}
		}
		var rs []proof.Row
		for _, r := range rows {
			if in(r.ScenarioID) == i {
				rs = append(rs, r)
				for _, e := range r.Evidence {
					Expect(os.MkdirAll(filepath.Dir(filepath.Join(dir, e)), 0o755)).To(Succeed())
					b, err := os.ReadFile(filepath.Join(single, e))
					Expect(err).NotTo(HaveOccurred())
					Expect(os.WriteFile(filepath.Join(dir, e), b, 0o644)).To(Succeed())
				}
			}
		}
		if i == 0 {
			m.Finished, m.Events = meta.Started.Add(30*time.Second), nil
		} else {
			m.Started = meta.Started.Add(time.Second)
		}
		writeRun(dir, m, rs)
	}
	return dirs[0], dirs[1]
}

var _ = Describe("Merge", func() {
	var single, a, b, out string
	BeforeEach(func() {
		single = fixtureRun()
		Expect(report.Build(single, report.Options{})).To(Succeed())
		a, b = shard(single)
		out = filepath.Join(GinkgoT().TempDir(), "merged")
	})

	It("makes two shard runs equal the single run", func() {
		Expect(report.Merge(out, []string{b, a}, report.MergeOptions{})).To(Succeed())
		for _, f := range []string{"summary.json", "proof-map.md", "junit.xml"} {
			// summary.json names its own report: the one place they differ.
			Expect(strings.Replace(read(out, f), out, single, 1)).To(Equal(read(single, f)), f)
		}
		Expect(filepath.Join(out, "screenshots/restore-stale-preview-blocked/02-failure.png")).To(BeARegularFile())
		meta, _, err := collect.Read(out)
		Expect(err).NotTo(HaveOccurred())
		Expect(meta.Workers).To(Equal(2))
		Expect(meta.Shard).To(BeEmpty())
		Expect(meta.Events).To(ConsistOf("shard 2/2: browser crashed during restore-partial-not-success; relaunched"))
		Expect(read(out, "index.html")).To(ContainSubstring("restore-stale-preview-blocked"))
	})

	It("refuses runs of different packs", func() {
		meta, rows, err := collect.Read(b)
		Expect(err).NotTo(HaveOccurred())
		meta.Pack = "other"
		writeRun(b, meta, rows)
		Expect(report.Merge(out, []string{a, b}, report.MergeOptions{})).To(MatchError(
			"cannot merge: " + a + " and " + b + " ran with different scenario packs (pack-7d3f vs other)"))
	})

	It("refuses a scenario that ran in two shards", func() {
		Expect(report.Merge(out, []string{a, single}, report.MergeOptions{})).To(MatchError(ContainSubstring("ran in both " + a + " and " + single)))
	})

	It("refuses a missing shard, naming it", func() {
		Expect(report.Merge(out, []string{a}, report.MergeOptions{})).To(MatchError(
			"cannot merge: shard 2/2 is missing (--allow-partial merges anyway, as INCOMPLETE)"))
		Expect(filepath.Join(out, "summary.json")).NotTo(BeAnExistingFile())
	})

	It("refuses the same shard given twice", func() {
		Expect(report.Merge(out, []string{a, b, a}, report.MergeOptions{})).To(MatchError(
			"cannot merge: shard 1/2 is given twice (" + a + " and " + a + ")"))
	})

	It("refuses a run that is not a shard", func() {
		Expect(report.Merge(out, []string{single}, report.MergeOptions{})).To(MatchError(
			"cannot merge: " + single + " is not a shard run (merge takes the runs of --shard 1/N .. N/N)"))
	})

	DescribeTable("refuses shards made differently, naming the difference",
		func(change func(*proof.Meta), want string) {
			meta, rows, err := collect.Read(b)
			Expect(err).NotTo(HaveOccurred())
			change(&meta)
			writeRun(b, meta, rows)
			Expect(report.Merge(out, []string{a, b}, report.MergeOptions{})).To(MatchError(
				strings.NewReplacer("A", a, "B", b).Replace(want)))
		},
		Entry("target", func(m *proof.Meta) { m.Embedded, m.Target = false, "https://staging.example.test" },
			"cannot merge: A and B ran with different targets (the embedded fixture app vs https://staging.example.test)"),
		Entry("commit", func(m *proof.Meta) { m.Commit = "0123456789ab" }, "cannot merge: A and B ran with different commits (4f2c9e1 vs 0123456789ab)"),
		Entry("faults", func(m *proof.Meta) { m.Faults = []string{"http-500"} }, "cannot merge: A and B ran with different --faults ([stale-executes] vs [http-500])"),
		Entry("plan", func(m *proof.Meta) { m.PlanID = "other-plan" }, "cannot merge: A and B ran with different plans ( vs other-plan)"),
		Entry("split", func(m *proof.Meta) { m.Shard = "2/3" }, "cannot merge: A is shard 1/2 but B is shard 2/3: shards of different splits"),
	)

	It("merges a partial set with --allow-partial, as INCOMPLETE, never PASS", func() {
		dir := filepath.Join(GinkgoT().TempDir(), "s1")
		meta := proof.Meta{RunID: "r", Pack: "p", Shard: "1/2", Plan: []proof.PlannedScenario{{ID: "ok", Domain: "restore"}}}
		writeRun(dir, meta, []proof.Row{{RunID: "r", ScenarioID: "ok", Domain: "restore", Result: proof.Proven}})
		Expect(report.Merge(out, []string{dir}, report.MergeOptions{AllowPartial: true})).To(Succeed())
		m, rows, err := collect.Read(out)
		Expect(err).NotTo(HaveOccurred())
		Expect(m.Partial).To(Equal("shard 2/2 is missing"))
		s := report.Summarize(m, rows)
		Expect(s.Verdict).To(Equal(proof.VerdictIncomplete))
		Expect(s.ExitCode).To(Equal(proof.ExitInfra))
		Expect(read(out, "index.html")).To(ContainSubstring("INCOMPLETE"))
	})

	It("refuses to merge into one of its inputs", func() {
		Expect(report.Merge(a, []string{a, b}, report.MergeOptions{})).To(MatchError(ContainSubstring("one of the runs being merged")))
	})

	It("names a directory that is not a run", func() {
		Expect(report.Merge(out, []string{a, GinkgoT().TempDir()}, report.MergeOptions{})).To(MatchError(ContainSubstring("not a run directory")))
	})
})

var _ = Describe("Baseline", func() {
	It("lists what changed since the baseline run", func() {
		current := fixtureRun()
		meta, rows, err := collect.Read(current)
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

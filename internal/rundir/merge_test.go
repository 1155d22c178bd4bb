package rundir_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"

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

// shard splits the fixture run into two shard runs the way `--shard I/2`
// would: each scenario (with all its rows, plan entry and screenshots) in
// exactly one shard.
func shard(single string) (string, string) {
	meta, rows, err := rundir.Read(single)
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
		Expect(rundir.Merge(out, []string{b, a}, rundir.MergeOptions{})).To(Succeed())
		Expect(report.Build(out, report.Options{})).To(Succeed())
		for _, f := range []string{"summary.json", "proof-map.md", "junit.xml"} {
			// summary.json names its own report: the one place they differ.
			Expect(strings.Replace(read(out, f), out, single, 1)).To(Equal(read(single, f)), f)
		}
		Expect(filepath.Join(out, "screenshots/restore-stale-preview-blocked/02-failure.png")).To(BeARegularFile())
		meta, _, err := rundir.Read(out)
		Expect(err).NotTo(HaveOccurred())
		Expect(meta.Workers).To(Equal(2))
		Expect(meta.Shard).To(BeEmpty())
		Expect(meta.Events).To(ConsistOf("shard 2/2: browser crashed during restore-partial-not-success; relaunched"))
		Expect(read(out, "index.html")).To(ContainSubstring("restore-stale-preview-blocked"))
	})

	It("refuses runs of different packs", func() {
		meta, rows, err := rundir.Read(b)
		Expect(err).NotTo(HaveOccurred())
		meta.Pack = "other"
		writeRun(b, meta, rows)
		Expect(rundir.Merge(out, []string{a, b}, rundir.MergeOptions{})).To(MatchError(
			"cannot merge: " + a + " and " + b + " ran with different scenario packs (pack-7d3f vs other)"))
	})

	It("refuses a scenario that ran in two shards", func() {
		Expect(rundir.Merge(out, []string{a, single}, rundir.MergeOptions{})).To(MatchError(ContainSubstring("ran in both " + a + " and " + single)))
	})

	It("refuses a missing shard, naming it", func() {
		Expect(rundir.Merge(out, []string{a}, rundir.MergeOptions{})).To(MatchError(
			"cannot merge: shard 2/2 is missing (--allow-partial merges anyway, as INCOMPLETE)"))
		Expect(filepath.Join(out, "summary.json")).NotTo(BeAnExistingFile())
	})

	It("refuses the same shard given twice", func() {
		Expect(rundir.Merge(out, []string{a, b, a}, rundir.MergeOptions{})).To(MatchError(
			"cannot merge: shard 1/2 is given twice (" + a + " and " + a + ")"))
	})

	It("refuses a run that is not a shard", func() {
		err := rundir.Merge(out, []string{single}, rundir.MergeOptions{})
		Expect(err).To(MatchError(
			"cannot merge: " + single + " is not a shard run (merge takes the runs of --shard 1/N .. N/N)"))
		var refused *rundir.RefusedError
		Expect(errors.As(err, &refused)).To(BeTrue())
	})

	DescribeTable("refuses shards made differently, naming the difference",
		func(change func(*proof.Meta), want string) {
			meta, rows, err := rundir.Read(b)
			Expect(err).NotTo(HaveOccurred())
			change(&meta)
			writeRun(b, meta, rows)
			Expect(rundir.Merge(out, []string{a, b}, rundir.MergeOptions{})).To(MatchError(
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
		Expect(rundir.Merge(out, []string{dir}, rundir.MergeOptions{AllowPartial: true})).To(Succeed())
		Expect(report.Build(out, report.Options{})).To(Succeed())
		m, rows, err := rundir.Read(out)
		Expect(err).NotTo(HaveOccurred())
		Expect(m.Partial).To(Equal("shard 2/2 is missing"))
		s := report.Summarize(m, rows)
		Expect(s.Verdict).To(Equal(proof.VerdictIncomplete))
		Expect(s.ExitCode).To(Equal(proof.ExitInfra))
		Expect(read(out, "index.html")).To(ContainSubstring("INCOMPLETE"))
	})

	It("refuses to merge into one of its inputs", func() {
		Expect(rundir.Merge(a, []string{a, b}, rundir.MergeOptions{})).To(MatchError(ContainSubstring("one of the runs being merged")))
	})

	It("names a directory that is not a run, as a refusal", func() {
		err := rundir.Merge(out, []string{a, GinkgoT().TempDir()}, rundir.MergeOptions{})
		Expect(err).To(MatchError(ContainSubstring("not a run directory")))
		var refused *rundir.RefusedError
		Expect(errors.As(err, &refused)).To(BeTrue())
	})

	It("is not a refusal when the merged run cannot be written", func() {
		file := filepath.Join(GinkgoT().TempDir(), "file")
		Expect(os.WriteFile(file, nil, 0o644)).To(Succeed())
		err := rundir.Merge(filepath.Join(file, "m"), []string{a, b}, rundir.MergeOptions{})
		Expect(err).To(HaveOccurred())
		var refused *rundir.RefusedError
		Expect(errors.As(err, &refused)).To(BeFalse())
	})
})

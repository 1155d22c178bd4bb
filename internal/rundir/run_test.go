package rundir_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	. "github.com/onsi/gomega/gstruct"

	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/redact"
	"github.com/proofrun/proofrun/internal/rundir"
)

var _ = Describe("Run", func() {
	var (
		dir  string
		meta proof.Meta
	)
	BeforeEach(func() {
		dir = filepath.Join(GinkgoT().TempDir(), "nested", "run")
		meta = proof.Meta{RunID: "r1", Pack: "abc", Started: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	})

	It("creates the directory, run.json and an empty proof.jsonl", func() {
		run, err := rundir.Create(dir, meta, nil)
		Expect(err).NotTo(HaveOccurred())
		Expect(run.Dir()).To(Equal(dir))
		Expect(filepath.Join(dir, "screenshots")).To(BeADirectory())
		got, rows, err := rundir.Read(dir)
		Expect(err).NotTo(HaveOccurred())
		Expect(got.RunID).To(Equal("r1"))
		Expect(rows).To(BeEmpty())
	})

	It("appends rows that survive without Finish and reads them back in order", func() {
		run, err := rundir.Create(dir, meta, nil)
		Expect(err).NotTo(HaveOccurred())
		Expect(run.Append(proof.Row{ScenarioID: "a", Result: proof.Proven}, proof.Row{ScenarioID: "a", Requirement: "FR-2"})).To(Succeed())
		Expect(run.Append(proof.Row{ScenarioID: "b", Result: proof.Failed, Matrix: &proof.MatrixCell{Matrix: "m", Expected: 404, Observed: 200}})).To(Succeed())
		_, rows, err := rundir.Read(dir)
		Expect(err).NotTo(HaveOccurred())
		Expect(rows).To(HaveLen(3))
		Expect(rows[1].Requirement).To(Equal("FR-2"))
		Expect(rows[2].Matrix.Observed).To(Equal(200))
	})

	It("is safe for concurrent appends: every line stays whole", func() {
		run, err := rundir.Create(dir, meta, nil)
		Expect(err).NotTo(HaveOccurred())
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Go(func() {
				defer GinkgoRecover()
				Expect(run.Append(rundir.RowsFor("r1", proof.PlannedScenario{ID: fmt.Sprint("s", i), Proves: []string{"A", "B"}}, proof.Row{Result: proof.Proven})...)).To(Succeed())
			})
		}
		wg.Wait()
		_, rows, err := rundir.Read(dir)
		Expect(err).NotTo(HaveOccurred())
		Expect(rows).To(HaveLen(40))
	})

	It("rewrites run.json on Finish and refuses rows afterwards", func() {
		run, err := rundir.Create(dir, meta, nil)
		Expect(err).NotTo(HaveOccurred())
		meta.Finished = meta.Started.Add(time.Minute)
		meta.Events = []string{"browser crashed; relaunched"}
		meta.Interrupted = true
		Expect(run.Finish(meta)).To(Succeed())
		got, _, err := rundir.Read(dir)
		Expect(err).NotTo(HaveOccurred())
		Expect(got.Finished).To(Equal(meta.Finished))
		Expect(got.Events).To(ConsistOf("browser crashed; relaunched"))
		Expect(got.Interrupted).To(BeTrue())
		Expect(run.Append(proof.Row{ScenarioID: "late"})).To(MatchError(ContainSubstring("finished")))
	})

	It("replaces the rows of an earlier run in the same directory", func() {
		run, err := rundir.Create(dir, meta, nil)
		Expect(err).NotTo(HaveOccurred())
		Expect(run.Append(proof.Row{ScenarioID: "old"})).To(Succeed())
		Expect(run.Finish(meta)).To(Succeed())
		_, err = rundir.Create(dir, meta, nil)
		Expect(err).NotTo(HaveOccurred())
		_, rows, err := rundir.Read(dir)
		Expect(err).NotTo(HaveOccurred())
		Expect(rows).To(BeEmpty())
	})

	It("writes screenshots under safe, numbered names", func() {
		run, err := rundir.Create(dir, meta, nil)
		Expect(err).NotTo(HaveOccurred())
		p1, err := run.Screenshot("authz/backup sets[owner]", "stale blocked!", []byte("png1"))
		Expect(err).NotTo(HaveOccurred())
		p2, err := run.Screenshot("authz/backup sets[owner]", "../../etc/passwd", []byte("png2"))
		Expect(err).NotTo(HaveOccurred())
		Expect(p1).To(Equal("screenshots/authz-backup-sets-owner/01-stale-blocked.png"))
		Expect(p2).To(Equal("screenshots/authz-backup-sets-owner/02-etc-passwd.png"))
		Expect(os.ReadFile(filepath.Join(dir, p2))).To(Equal([]byte("png2")))
	})

	It("never writes a secret to proof.jsonl or run.json", func() {
		secret := `s3cr<e>t"pa&ss`
		r := &redact.Redactor{}
		r.Add(secret)
		meta.Command = "proofrun run --password " + secret
		run, err := rundir.Create(dir, meta, r)
		Expect(err).NotTo(HaveOccurred())
		row := proof.Row{
			ScenarioID: "leak", Reason: "saw " + secret,
			Findings: []proof.Finding{{Kind: "console", Message: "token=" + secret}},
			Steps:    []proof.StepResult{{Text: "fill: " + secret}},
		}
		Expect(run.Append(row)).To(Succeed())
		Expect(row.Reason).To(ContainSubstring(secret), "the caller's row is left as it was")
		Expect(run.Finish(meta)).To(Succeed())
		for _, f := range []string{"proof.jsonl", "run.json"} {
			b, err := os.ReadFile(filepath.Join(dir, f))
			Expect(err).NotTo(HaveOccurred())
			Expect(string(b)).To(ContainSubstring(redact.Mask))
			Expect(string(b)).NotTo(ContainSubstring("s3cr"), f)
		}
	})
})

var _ = Describe("Read", func() {
	It("names the file and line of a bad row", func() {
		dir := GinkgoT().TempDir()
		Expect(os.WriteFile(filepath.Join(dir, "run.json"), []byte(`{"run_id":"x"}`), 0o644)).To(Succeed())
		Expect(os.WriteFile(filepath.Join(dir, "proof.jsonl"), []byte("{\"scenario_id\":\"a\"}\n\n{\"scenario_id\": \"b\"\n{}\n"), 0o644)).To(Succeed())
		_, _, err := rundir.Read(dir)
		Expect(err).To(MatchError(HavePrefix(filepath.Join(dir, "proof.jsonl") + ":3: bad proof row")))
	})

	It("reads a last line without a newline", func() {
		dir := GinkgoT().TempDir()
		Expect(os.WriteFile(filepath.Join(dir, "run.json"), []byte(`{"run_id":"x"}`), 0o644)).To(Succeed())
		Expect(os.WriteFile(filepath.Join(dir, "proof.jsonl"), []byte("{\"scenario_id\":\"a\"}\n{\"scenario_id\":\"b\"}"), 0o644)).To(Succeed())
		_, rows, err := rundir.Read(dir)
		Expect(err).NotTo(HaveOccurred())
		Expect(rows).To(HaveLen(2))
	})

	It("says when a directory is not a run directory", func() {
		_, _, err := rundir.Read(GinkgoT().TempDir())
		Expect(err).To(MatchError(ContainSubstring("not a run directory")))
	})

	It("names run.json when it is broken", func() {
		dir := GinkgoT().TempDir()
		Expect(os.WriteFile(filepath.Join(dir, "run.json"), []byte(`{"run_id":`), 0o644)).To(Succeed())
		_, _, err := rundir.Read(dir)
		Expect(err).To(MatchError(ContainSubstring("run.json")))
	})
})

var _ = Describe("RowsFor", func() {
	sc := proof.PlannedScenario{ID: "s", Title: "T", Domain: "restore", State: "stale", Actor: "owner", File: "scenarios/s.yaml", Line: 1, Proves: []string{"FR-1", "SC-2"}}

	It("writes one row per requirement, copying the outcome", func() {
		rows := rundir.RowsFor("run", sc, proof.Row{Result: proof.Failed, Reason: "boom", DurationMS: 5})
		Expect(rows).To(HaveLen(2))
		for i, req := range []string{"FR-1", "SC-2"} {
			Expect(rows[i]).To(MatchFields(IgnoreExtras, Fields{
				"RunID": Equal("run"), "ScenarioID": Equal("s"), "Requirement": Equal(req), "Domain": Equal("restore"),
				"Result": Equal(proof.Failed), "Reason": Equal("boom"), "File": Equal("scenarios/s.yaml"),
			}))
		}
	})

	It("writes one row without a requirement when the scenario proves none", func() {
		bare := sc
		bare.Proves = nil
		rows := rundir.RowsFor("run", bare, proof.Row{Result: proof.Proven})
		Expect(rows).To(HaveLen(1))
		Expect(rows[0].Requirement).To(BeEmpty())
	})

	It("keeps identity fields the outcome already carries", func() {
		rows := rundir.RowsFor("run", sc, proof.Row{Actor: "readonly"})
		Expect(rows[0].Actor).To(Equal("readonly"))
	})
})

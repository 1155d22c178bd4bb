package report_test

import (
	"io/fs"
	"os"
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/redact"
	"github.com/proofrun/proofrun/internal/report"
	"github.com/proofrun/proofrun/internal/rundir"
)

var _ = Describe("Secrets", func() {
	It("never reach proof.jsonl or any report", func() {
		const secret = "hunter2-<Sup3r>&secret"
		r := &redact.Redactor{}
		r.Add(secret)
		dir := filepath.Join(GinkgoT().TempDir(), "run")
		meta := proof.Meta{RunID: "r", Command: "proofrun run --password=" + secret, Plan: []proof.PlannedScenario{{ID: "login", Title: "log in as " + secret}}}
		run, err := rundir.Create(dir, meta, r)
		Expect(err).NotTo(HaveOccurred())
		Expect(run.Append(rundir.RowsFor("r", meta.Plan[0], proof.Row{
			Result: proof.Failed, FailingStep: "2 fill: password " + secret, Reason: "page echoed " + secret,
			Findings: []proof.Finding{{Kind: "console", URL: "http://127.0.0.1/?p=" + secret, Message: "bad password " + secret}},
			Steps:    []proof.StepResult{{Index: 2, Text: "fill: {field: Password, value: " + secret + "}", Status: "failed", Error: secret}},
		})...)).To(Succeed())
		Expect(run.Finish(meta)).To(Succeed())
		Expect(report.Build(dir, report.Options{})).To(Succeed())

		files := 0
		Expect(filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			files++
			b, err := os.ReadFile(p)
			Expect(err).NotTo(HaveOccurred())
			Expect(string(b)).NotTo(ContainSubstring("hunter2"), p)
			Expect(string(b)).NotTo(ContainSubstring("Sup3r"), p)
			return nil
		})).To(Succeed())
		Expect(files).To(Equal(6)) // run.json, proof.jsonl and the four reports
		Expect(read(dir, "index.html")).To(ContainSubstring(redact.Mask))
	})
})

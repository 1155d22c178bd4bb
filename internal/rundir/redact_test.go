package rundir_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/redact"
	"github.com/proofrun/proofrun/internal/rundir"
)

var _ = Describe("Redacted", func() {
	It("gives the terminal copies of rows with every form of a secret masked, the rows untouched", func() {
		const secret = `pa"ss\word 42`
		r := &redact.Redactor{}
		r.Add(secret)
		run, err := rundir.Create(filepath.Join(GinkgoT().TempDir(), "run"), proof.Meta{RunID: "r"}, r)
		Expect(err).NotTo(HaveOccurred())
		rows := []proof.Row{{
			ScenarioID: "s", Result: proof.Failed, Reason: fmt.Sprintf("it holds %q", "pw "+secret),
			Findings: []proof.Finding{{Kind: "http", URL: "http://h/?pw=pa%22ss%5Cword+42", Message: secret}},
			Steps:    []proof.StepResult{{Index: 1, Text: "see: " + secret}},
		}}
		before, err := json.Marshal(rows)
		Expect(err).NotTo(HaveOccurred())
		shown, err := json.Marshal(run.Redacted(rows))
		Expect(err).NotTo(HaveOccurred())
		Expect(string(shown)).To(ContainSubstring(redact.Mask))
		Expect(string(shown)).NotTo(ContainSubstring("word"))
		after, err := json.Marshal(rows)
		Expect(err).NotTo(HaveOccurred())
		Expect(after).To(Equal(before))
	})
})

var _ = Describe("Written", func() {
	It("hands over exactly what the files hold: the redacted meta and rows Read gives back", func() {
		const secret = "hunter2-secret"
		r := &redact.Redactor{}
		r.Add(secret)
		dir := filepath.Join(GinkgoT().TempDir(), "run")
		run, err := rundir.Create(dir, proof.Meta{RunID: "r", Target: "http://h/?token=" + secret}, r)
		Expect(err).NotTo(HaveOccurred())
		Expect(run.Append(
			proof.Row{ScenarioID: "a", Result: proof.Failed, Reason: "saw " + secret},
			proof.Row{ScenarioID: "b", Result: proof.Proven},
		)).To(Succeed())
		Expect(run.Append(proof.Row{ScenarioID: "c", Result: proof.Error, Reason: secret})).To(Succeed())
		Expect(run.Finish(proof.Meta{RunID: "r", Events: []string{"login " + secret}})).To(Succeed())

		meta, rows := run.Written()
		readMeta, readRows, err := rundir.Read(dir)
		Expect(err).NotTo(HaveOccurred())
		Expect(meta).To(Equal(readMeta))
		Expect(rows).To(Equal(readRows))
		Expect(rows).To(HaveLen(3))
		all, err := json.Marshal([]any{meta, rows})
		Expect(err).NotTo(HaveOccurred())
		Expect(string(all)).NotTo(ContainSubstring(secret))
		Expect(string(all)).To(ContainSubstring(redact.Mask))
	})
})

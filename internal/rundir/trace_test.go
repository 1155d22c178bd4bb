package rundir_test

import (
	"os"
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/rundir"
)

var _ = Describe("Trace", func() {
	It("stores each attempt's trace as its own file", func() {
		dir := filepath.Join(GinkgoT().TempDir(), "run")
		run, err := rundir.Create(dir, proof.Meta{RunID: "r"}, nil)
		Expect(err).NotTo(HaveOccurred())
		Expect(run.Trace("restore/x y", []byte(`{"n":1}`))).To(Equal("trace/restore-x-y.json"))
		Expect(run.Trace("restore/x y", []byte(`{"n":2}`))).To(Equal("trace/restore-x-y-2.json"))
		b, err := os.ReadFile(filepath.Join(dir, "trace", "restore-x-y-2.json"))
		Expect(err).NotTo(HaveOccurred())
		Expect(string(b)).To(Equal(`{"n":2}`))
	})
})

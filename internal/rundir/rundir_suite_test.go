package rundir_test

import (
	"os"
	"path/filepath"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/format"
)

func TestRundir(t *testing.T) {
	RegisterFailHandler(Fail)
	format.MaxLength = 2000 // a report is long; show where it differs, not all of it
	RunSpecs(t, "rundir")
}

// fixtureRun copies the recorded run the report tests render into a
// temporary directory, since merging and rendering write beside the rows.
func fixtureRun() string {
	src, dst := filepath.Join("..", "report", "testdata", "run"), filepath.Join(GinkgoT().TempDir(), "run")
	Expect(filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dst, rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})).To(Succeed())
	return dst
}

func read(dir, name string) string {
	b, err := os.ReadFile(filepath.Join(dir, name))
	Expect(err).NotTo(HaveOccurred())
	return string(b)
}

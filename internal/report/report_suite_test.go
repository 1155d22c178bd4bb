package report_test

import (
	"encoding/json"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/format"
)

// update rewrites the golden files: go test ./internal/report/ -args -update
// (or UPDATE_GOLDEN=1).
var update = flag.Bool("update", os.Getenv("UPDATE_GOLDEN") == "1", "rewrite the golden files in testdata")

func TestReport(t *testing.T) {
	RegisterFailHandler(Fail)
	format.MaxLength = 2000 // a report is long; show where it differs, not all of it
	RunSpecs(t, "report")
}

// fixtureRun copies the recorded run of testdata/run into a temporary
// directory, since Build writes its reports beside the rows.
func fixtureRun() string {
	dst := filepath.Join(GinkgoT().TempDir(), "run")
	Expect(copyDir("testdata/run", dst)).To(Succeed())
	return dst
}

func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
}

func read(dir, name string) string {
	b, err := os.ReadFile(filepath.Join(dir, name))
	Expect(err).NotTo(HaveOccurred())
	return string(b)
}

// golden compares got with testdata/<name>, or rewrites it under -update.
func golden(name, got string) {
	path := filepath.Join("testdata", name)
	if *update {
		Expect(os.WriteFile(path, []byte(got), 0o644)).To(Succeed())
	}
	want, err := os.ReadFile(path)
	Expect(err).NotTo(HaveOccurred(), "no golden file: run with -update")
	Expect(got).To(Equal(string(want)), "differs from %s; rerun with -update if the change is intended", path)
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

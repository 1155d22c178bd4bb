// Package e2e drives the built proofrun binary end to end: real Chromium,
// real processes, real exit codes.
package e2e_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"
)

var bin string

func TestE2E(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "e2e")
}

var _ = SynchronizedBeforeSuite(func() []byte {
	path, err := gexec.Build("github.com/proofrun/proofrun/cmd/proofrun")
	Expect(err).NotTo(HaveOccurred())
	return []byte(path)
}, func(path []byte) {
	bin = string(path)
})

var _ = SynchronizedAfterSuite(func() {}, func() { gexec.CleanupBuildArtifacts() })

// project is the repository root, where config.yaml and scenarios/ live.
func project() string {
	wd, err := os.Getwd()
	Expect(err).NotTo(HaveOccurred())
	return filepath.Dir(wd)
}

// proofrun starts the binary in dir with args and returns the session.
func proofrun(dir string, args ...string) *gexec.Session {
	return proofrunEnv(dir, nil, args...)
}

// proofrunEnv is proofrun with more environment variables (NAME=value).
func proofrunEnv(dir string, env []string, args ...string) *gexec.Session {
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "DISABLE_ROD_FLAG=1", "CI=", "GITHUB_ACTIONS="), env...)
	s, err := gexec.Start(cmd, GinkgoWriter, GinkgoWriter)
	Expect(err).NotTo(HaveOccurred())
	return s
}

// workdir makes a temp dir holding files (relative path -> content).
func workdir(files map[string]string) string {
	dir := GinkgoT().TempDir()
	for name, body := range files {
		path := filepath.Join(dir, name)
		Expect(os.MkdirAll(filepath.Dir(path), 0o755)).To(Succeed())
		Expect(os.WriteFile(path, []byte(body), 0o644)).To(Succeed())
	}
	return dir
}

package main

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"

	"github.com/proofrun/proofrun/internal/runner"
)

// brokenPipe is an output that fails every write.
type brokenPipe struct{}

func (brokenPipe) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

// command runs proofrun with args in the working directory dir and
// returns its exit code, stdout and stderr.
func command(dir string, args ...string) (int, *gbytes.Buffer, *gbytes.Buffer) {
	out, errOut := gbytes.NewBuffer(), gbytes.NewBuffer()
	p := process(out, errOut, args...)
	if dir != "" {
		wd, err := os.Getwd()
		Expect(err).NotTo(HaveOccurred())
		Expect(os.Chdir(dir)).To(Succeed())
		defer func() { Expect(os.Chdir(wd)).To(Succeed()) }()
	}
	return execute(context.Background(), p), out, errOut
}

func process(stdout, stderr interface{ Write([]byte) (int, error) }, args ...string) runner.Process {
	return runner.Process{
		Stdout: stdout, Stderr: stderr,
		LookupEnv:  func(string) (string, bool) { return "", false },
		Notify:     func(chan<- os.Signal) {},
		StopNotify: func(chan<- os.Signal) {},
		Exit:       func(code int) { Fail("the command asked for an exit") },
		Args:       append([]string{"proofrun"}, args...),
	}
}

// files writes a project into a temporary directory.
func files(fs map[string]string) string {
	dir := GinkgoT().TempDir()
	for name, body := range fs {
		path := filepath.Join(dir, name)
		Expect(os.MkdirAll(filepath.Dir(path), 0o755)).To(Succeed())
		Expect(os.WriteFile(path, []byte(body), 0o644)).To(Succeed())
	}
	return dir
}

const okScenario = "id: a\ntitle: a\ndomain: restore\nstate: allowed\nsteps:\n  - visit: /a\n  - see: A\n"

var _ = Describe("execute", func() {
	It("prints the schema on stdout, exit 0", func() {
		code, out, errOut := command("", "schema")
		Expect(code).To(Equal(0))
		Expect(out).To(gbytes.Say(`"\$schema"`))
		Expect(errOut.Contents()).To(BeEmpty())
	})

	DescribeTable("treats cobra's own errors as invalid usage (exit 2), printed once",
		func(want string, args ...string) {
			code, _, errOut := command("", args...)
			Expect(code).To(Equal(2))
			Expect(errOut).To(gbytes.Say(`^proofrun: ` + want))
		},
		Entry("a bad flag value", `invalid argument "many" for "--workers"`, "run", "--workers", "many"),
		Entry("an unknown flag", `unknown flag: --nope`, "list", "--nope"),
		Entry("an unknown command", `unknown command "nope"`, "nope"),
		Entry("a missing argument", `accepts 1 arg\(s\), received 0`, "report"),
		Entry("a missing required flag", `required flag\(s\) "out" not set`, "merge", "somewhere"),
	)

	It("keeps the code the failure site chose: a scenario typo is exit 2 with file:line:col", func() {
		dir := files(map[string]string{
			"config.yaml":         "target:\n  fixtures: \"\"\n",
			"scenarios/typo.yaml": "id: typo\ntitle: t\ndomain: restore\nstate: allowed\nsteps:\n  - visit: /clean\n  - clik: Save\n",
		})
		code, out, _ := command(dir, "validate")
		Expect(code).To(Equal(2))
		Expect(out).To(gbytes.Say(`scenarios/typo.yaml:7:5: unknown step "clik"`))
	})

	It("names the config key of a bad value, exit 2", func() {
		dir := files(map[string]string{"config.yaml": "run:\n  step_timeout: soon\n"})
		code, _, errOut := command(dir, "validate")
		Expect(code).To(Equal(2))
		Expect(errOut).To(gbytes.Say(`config.yaml:2:3: run.step_timeout: invalid duration "soon"`))
	})

	It("lists the plan on stdout", func() {
		dir := files(map[string]string{"config.yaml": "target:\n  fixtures: \"\"\n", "scenarios/a.yaml": okScenario})
		code, out, _ := command(dir, "list")
		Expect(code).To(Equal(0))
		Expect(out).To(gbytes.Say(`1 scenarios \(restore 1\)`))
	})

	It("runs against an unreachable target: error rows, the summary on stdout, the cause on stderr, exit 3", func() {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		Expect(err).NotTo(HaveOccurred())
		url := "http://" + l.Addr().String()
		Expect(l.Close()).To(Succeed())
		dir := files(map[string]string{"config.yaml": "target:\n  base_url: " + url + "\n  fixtures: \"\"\n", "scenarios/a.yaml": okScenario})
		code, out, errOut := command(dir, "run", "--out", "out")
		Expect(code).To(Equal(3))
		Expect(out).To(gbytes.Say(`ERROR: 1 scenarios`))
		Expect(errOut).To(gbytes.Say(`proofrun: target ` + url + ` is unreachable`))
		Expect(filepath.Join(dir, "out", "proof.jsonl")).To(BeAnExistingFile())
	})

	It("gives an error nobody classified exit 3, not 2: it is not the user's input", func() {
		errOut := gbytes.NewBuffer()
		code := execute(context.Background(), process(brokenPipe{}, errOut, "schema"))
		Expect(code).To(Equal(3))
		Expect(errOut).To(gbytes.Say(`proofrun: broken pipe`))
	})
})

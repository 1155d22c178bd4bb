package e2e_test

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
	"github.com/onsi/gomega/gexec"

	"github.com/proofrun/proofrun/internal/proof"
)

// site is a tiny target: a clean page, a page with a console error, and a
// page that never finishes loading (for interrupts).
func site() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/clean", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, `<!doctype html><title>Clean</title><h1>All good</h1>`)
	})
	mux.HandleFunc("/noisy", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, `<!doctype html><title>Noisy</title><h1>All good</h1><script>console.error("boom from noisy")</script>`)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(60 * time.Second):
		}
	})
	s := httptest.NewServer(mux)
	DeferCleanup(s.Close)
	return s
}

func configFor(baseURL string) string {
	return fmt.Sprintf(`target:
  base_url: %q
  fixtures: ""
actors:
  owner: { panel: admin, email: owner@contoso.test, password: e2e-owner-pw }
run:
  workers: 1
  step_timeout: 20s
  scenario_timeout: 60s
`, baseURL)
}

func scenarioFile(id, path, see string) string {
	return fmt.Sprintf(`id: %s
title: %s
domain: restore
state: allowed
steps:
  - visit: %s
  - see: %s
`, id, id, path, see)
}

// expectRunDir checks that dir is a whole run directory, with a row for each
// of ids, and returns the rows by scenario.
func expectRunDir(dir string, ids ...string) map[string]proof.Row {
	for _, f := range []string{"run.json", "proof.jsonl", "junit.xml", "summary.json", "index.html"} {
		Expect(filepath.Join(dir, f)).To(BeAnExistingFile())
	}
	rows := byScenario(readRows(filepath.Join(dir, "proof.jsonl")))
	Expect(rows).To(HaveLen(len(ids)))
	for _, id := range ids {
		Expect(rows).To(HaveKey(id))
	}
	return rows
}

var _ = Describe("exit codes", func() {
	It("exits 0 when every scenario is proven and writes the run directory", func() {
		s := site()
		dir := workdir(map[string]string{
			"config.yaml":       configFor(s.URL),
			"scenarios/ok.yaml": scenarioFile("clean-page", "/clean", "All good"),
		})
		sess := proofrun(dir, "run", "--out", "out")
		Eventually(sess, 240*time.Second).Should(gexec.Exit(0))
		for _, f := range []string{"proof.jsonl", "index.html", "junit.xml", "summary.json", "run.json"} {
			Expect(filepath.Join(dir, "out", f)).To(BeAnExistingFile())
		}
	})

	It("exits 1 when a proof fails", func() {
		s := site()
		dir := workdir(map[string]string{
			"config.yaml":        configFor(s.URL),
			"scenarios/bad.yaml": scenarioFile("noisy-page", "/noisy", "All good"),
		})
		sess := proofrun(dir, "run", "--out", "out")
		Eventually(sess, 240*time.Second).Should(gexec.Exit(1))
		rows, err := os.ReadFile(filepath.Join(dir, "out", "proof.jsonl"))
		Expect(err).NotTo(HaveOccurred())
		Expect(string(rows)).To(ContainSubstring("boom from noisy"))
	})

	It("exits 2 on a scenario typo and prints file:line:col with a caret", func() {
		dir := workdir(map[string]string{
			"config.yaml": configFor("http://127.0.0.1:9"),
			"scenarios/typo.yaml": `id: typo
title: a typo on line 7
domain: restore
state: allowed
steps:
  - visit: /clean
  - clik: Save
`,
		})
		sess := proofrun(dir, "validate")
		Eventually(sess, 120*time.Second).Should(gexec.Exit(2))
		Expect(sess.Out).To(gbytes.Say(`scenarios/typo.yaml:7:5: unknown step "clik"`))
		Expect(sess.Out).To(gbytes.Say(`\^`))
	})

	It("exits 2 on a bad config value and names the key", func() {
		dir := workdir(map[string]string{"config.yaml": "run:\n  step_timeout: soon\n"})
		sess := proofrun(dir, "validate")
		Eventually(sess, 120*time.Second).Should(gexec.Exit(2))
		Expect(sess.Err).To(gbytes.Say(`config.yaml:2:3: run.step_timeout: invalid duration "soon"`))
	})

	It("exits 2 when the fixtures file is missing, naming the setting", func() {
		dir := workdir(map[string]string{"config.yaml": "target:\n  fixtures: nope.yaml\n", "scenarios/a.yaml": scenarioFile("a", "/clean", "All good")})
		sess := proofrun(dir, "validate")
		Eventually(sess, 120*time.Second).Should(gexec.Exit(2))
		Expect(sess.Err).To(gbytes.Say(`target.fixtures: nope.yaml: no such file or directory \(paths are relative to the working directory`))
	})

	It("exits 2 on a bad flag", func() {
		sess := proofrun(project(), "run", "--workers", "many")
		Eventually(sess, 120*time.Second).Should(gexec.Exit(2))
		Expect(sess.Err).To(gbytes.Say(`invalid argument "many" for "--workers"`))
	})

	It("exits 2 on an unknown fixture fault, listing the valid ones, before loading any scenario", func() {
		dir := workdir(map[string]string{"scenarios/broken.yaml": "id: broken\nstepz: []\n"})
		sess := proofrun(dir, "run", "--faults", "no-such-fault", "--out", GinkgoT().TempDir())
		Eventually(sess, 120*time.Second).Should(gexec.Exit(2))
		Expect(sess.Err).To(gbytes.Say(`no-such-fault`))
		Expect(sess.Err).To(gbytes.Say(`console-error`))
		Expect(string(sess.Err.Contents())).NotTo(ContainSubstring("broken.yaml"))
	})

	It("exits 3 when the target is unreachable, naming the URL, with an error row for every planned scenario and the reports", func() {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		Expect(err).NotTo(HaveOccurred())
		url := "http://" + l.Addr().String()
		l.Close()
		dir := workdir(map[string]string{
			"config.yaml":      configFor(url),
			"scenarios/a.yaml": scenarioFile("clean-page", "/clean", "All good"),
			"scenarios/b.yaml": scenarioFile("other-page", "/clean", "All good"),
		})
		sess := proofrun(dir, "run", "--out", "out")
		Eventually(sess, 120*time.Second).Should(gexec.Exit(3))
		Expect(sess.Err).To(gbytes.Say(`target ` + url + ` is unreachable`))
		rows := expectRunDir(filepath.Join(dir, "out"), "clean-page", "other-page")
		for _, r := range rows {
			Expect(r.Result).To(Equal(proof.Error))
			Expect(r.Reason).To(ContainSubstring("target " + url + " is unreachable"))
		}
	})

	It("exits 3 when the browser cannot start, with an error row for every planned scenario", func() {
		s := site()
		dir := workdir(map[string]string{
			"config.yaml":       configFor(s.URL) + "browser:\n  bin: /nonexistent/chromium\n",
			"scenarios/ok.yaml": scenarioFile("clean-page", "/clean", "All good"),
		})
		sess := proofrun(dir, "run", "--out", "out")
		Eventually(sess, 180*time.Second).Should(gexec.Exit(3))
		Expect(sess.Err).To(gbytes.Say(`browser`))
		rows := expectRunDir(filepath.Join(dir, "out"), "clean-page")
		Expect(rows["clean-page"].Result).To(Equal(proof.Error))
		Expect(rows["clean-page"].Reason).To(ContainSubstring("/nonexistent/chromium"))
	})

	It("exits 130 on SIGINT while the browser starts, with a not-run row for every planned scenario", func() {
		s := site()
		// A "Chromium" that announces its start and never gets ready.
		started := filepath.Join(GinkgoT().TempDir(), "started")
		dir := workdir(map[string]string{
			"config.yaml":       configFor(s.URL) + "browser:\n  bin: ./slow-chromium\n",
			"slow-chromium":     "#!/bin/sh\ntouch " + started + "\nexec sleep 60\n",
			"scenarios/ok.yaml": scenarioFile("clean-page", "/clean", "All good"),
		})
		Expect(os.Chmod(filepath.Join(dir, "slow-chromium"), 0o755)).To(Succeed())
		sess := proofrun(dir, "run", "--out", "out")
		Eventually(started, 180*time.Second).Should(BeAnExistingFile())
		sess.Signal(os.Interrupt)
		Eventually(sess, 60*time.Second).Should(gexec.Exit(130))
		rows := expectRunDir(filepath.Join(dir, "out"), "clean-page")
		Expect(rows["clean-page"].Result).To(Equal(proof.NotRun))
		Expect(rows["clean-page"].Reason).To(ContainSubstring("interrupted"))
	})

	It("exits 130 on SIGINT while the target is checked, with a not-run row for every planned scenario", func() {
		asked := make(chan struct{}, 1)
		s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case asked <- struct{}{}:
			default:
			}
			<-r.Context().Done()
		}))
		DeferCleanup(s.Close)
		dir := workdir(map[string]string{
			"config.yaml":       configFor(s.URL),
			"scenarios/ok.yaml": scenarioFile("clean-page", "/clean", "All good"),
		})
		sess := proofrun(dir, "run", "--out", "out")
		Eventually(asked, 180*time.Second).Should(Receive())
		sess.Signal(os.Interrupt)
		Eventually(sess, 60*time.Second).Should(gexec.Exit(130))
		Expect(expectRunDir(filepath.Join(dir, "out"), "clean-page")["clean-page"].Result).To(Equal(proof.NotRun))
	})

	DescribeTable("checks every run directory named on the command line before any browser starts (exit 2)",
		func(flag, want string) {
			dir := workdir(map[string]string{
				"config.yaml":       configFor("http://127.0.0.1:9") + "browser:\n  bin: /nonexistent/chromium\n",
				"scenarios/ok.yaml": scenarioFile("clean-page", "/clean", "All good"),
			})
			sess := proofrun(dir, "run", "--out", "out", flag, "/nonexistent/run")
			Eventually(sess, 120*time.Second).Should(gexec.Exit(2))
			Expect(sess.Err).To(gbytes.Say(want))
			Expect(filepath.Join(dir, "out")).NotTo(BeADirectory(), "nothing started")
		},
		Entry("--baseline", "--baseline", `--baseline /nonexistent/run: `),
		Entry("--durations, even without --shard", "--durations", `--durations /nonexistent/run: `),
	)
})

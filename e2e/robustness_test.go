package e2e_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"

	"github.com/proofrun/proofrun/internal/proof"
)

// hangingSite serves /clean and a /hang page that announces each request on
// the returned channel and never answers until the test ends.
func hangingSite() (*httptest.Server, chan struct{}) {
	hit := make(chan struct{}, 8)
	release := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/clean", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, `<!doctype html><title>Clean</title><h1>All good</h1>`)
	})
	mux.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) {
		hit <- struct{}{}
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	s := httptest.NewServer(mux)
	DeferCleanup(func() { close(release); s.Close() })
	return s, hit
}

func readRows(path string) []proof.Row {
	data, err := os.ReadFile(path)
	Expect(err).NotTo(HaveOccurred())
	var rows []proof.Row
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if line == "" {
			continue
		}
		var r proof.Row
		Expect(json.Unmarshal([]byte(line), &r)).To(Succeed())
		rows = append(rows, r)
	}
	return rows
}

func byScenario(rows []proof.Row) map[string]proof.Row {
	m := map[string]proof.Row{}
	for _, r := range rows {
		m[r.ScenarioID] = r
	}
	return m
}

// robustPack: a proven scenario, one that hangs on /hang, then two more.
func robustPack(baseURL string) map[string]string {
	return map[string]string{
		"config.yaml":           configFor(baseURL),
		"scenarios/a-ok.yaml":   scenarioFile("a-first", "/clean", "All good"),
		"scenarios/b-hang.yaml": scenarioFile("b-hangs", "/hang", "never"),
		"scenarios/c-ok.yaml":   scenarioFile("c-after", "/clean", "All good"),
		"scenarios/d-ok.yaml":   scenarioFile("d-last", "/clean", "All good"),
	}
}

var _ = Describe("robustness", func() {
	It("survives Chromium being killed mid-run: every scenario gets a row, exit 3, nothing left behind", func() {
		s, hit := hangingSite()
		dir := workdir(robustPack(s.URL))
		// A long step timeout: the hanging scenario ends only because the browser dies.
		sess := proofrun(dir, "run", "--out", "out", "--quiet")
		Eventually(hit, 180*time.Second).Should(Receive())
		pid, profile := browserOf(sess.Command.Process.Pid)
		Expect(pid).NotTo(BeZero(), "the browser process of the run")
		Expect(syscall.Kill(pid, syscall.SIGKILL)).To(Succeed())

		Eventually(sess, 240*time.Second).Should(gexec.Exit(3))
		rows := byScenario(readRows(filepath.Join(dir, "out", "proof.jsonl")))
		Expect(rows).To(HaveLen(4))
		Expect(rows["a-first"].Result).To(Equal(proof.Proven))
		Expect(rows["b-hangs"].Result).To(Equal(proof.Error))
		Expect(rows["c-after"].Result).To(Equal(proof.Proven), "the run goes on with a relaunched browser")
		Expect(rows["d-last"].Result).To(Equal(proof.Proven))
		var meta proof.Meta
		data, err := os.ReadFile(filepath.Join(dir, "out", "run.json"))
		Expect(err).NotTo(HaveOccurred())
		Expect(json.Unmarshal(data, &meta)).To(Succeed())
		Expect(strings.Join(meta.Events, "\n")).To(ContainSubstring("relaunched"))
		Expect(profile).NotTo(BeADirectory())
	})

	It("stops on SIGINT: exit 130, rows kept, no Chromium or profile left", func() {
		s, hit := hangingSite()
		dir := workdir(robustPack(s.URL))
		sess := proofrun(dir, "run", "--out", "out", "--quiet")
		Eventually(hit, 180*time.Second).Should(Receive())
		_, profile := browserOf(sess.Command.Process.Pid)
		Expect(profile).NotTo(BeEmpty())
		chromium := descendants(sess.Command.Process.Pid)
		Expect(chromium).NotTo(BeEmpty())

		sess.Signal(os.Interrupt)
		Eventually(sess, 60*time.Second).Should(gexec.Exit(130))
		rows := byScenario(readRows(filepath.Join(dir, "out", "proof.jsonl")))
		Expect(rows["a-first"].Result).To(Equal(proof.Proven))
		Expect(rows["b-hangs"].Result).To(Equal(proof.Error))
		Expect(rows["b-hangs"].Reason).To(ContainSubstring("interrupted"))
		Expect(filepath.Join(dir, "out", "index.html")).To(BeAnExistingFile(), "reports of what ran are written")
		Eventually(func() []int {
			var left []int
			for _, p := range chromium {
				if alive(p.pid) {
					left = append(left, p.pid)
				}
			}
			return left
		}, 30*time.Second).Should(BeEmpty())
		Expect(profile).NotTo(BeADirectory())
	})

	DescribeTable("runs one Chromium per worker, or one shared with browser.per_worker: false, and removes every profile",
		func(env []string, want int) {
			s, hit := hangingSite()
			dir := workdir(robustPack(s.URL))
			sess := proofrunEnv(dir, env, "run", "--out", "out", "--quiet", "--workers", "2")
			Eventually(hit, 180*time.Second).Should(Receive())
			browsers := browsersOf(sess.Command.Process.Pid)
			Expect(browsers).To(HaveLen(want))
			sess.Signal(os.Interrupt)
			Eventually(sess, 60*time.Second).Should(gexec.Exit(130))
			for _, b := range browsers {
				Eventually(func() bool { return alive(b.pid) }, 30*time.Second).Should(BeFalse())
				Expect(b.dir).NotTo(BeADirectory())
			}
		},
		Entry("per worker (the default)", nil, 2),
		Entry("shared", []string{"PROOFRUN_BROWSER_PER_WORKER=false"}, 1),
	)

	It("ends at the run timeout: the scenario in flight and those not started say why, exit 3", func() {
		s, hit := hangingSite()
		dir := workdir(robustPack(s.URL))
		// The hanging step outlasts the run timeout. The timeout counts from
		// the start, Chromium's start-up included, which a busy machine may
		// stretch past it: then nothing ran, and every row says so.
		env := []string{"PROOFRUN_RUN_STEP_TIMEOUT=60s", "PROOFRUN_RUN_SCENARIO_TIMEOUT=90s"}
		sess := proofrunEnv(dir, env, "run", "--out", "out", "--quiet", "--timeout", "8s")
		Eventually(sess, 180*time.Second).Should(gexec.Exit(3))
		rows := byScenario(readRows(filepath.Join(dir, "out", "proof.jsonl")))
		Expect(rows).To(HaveLen(4))
		notRun := []string{"c-after", "d-last"}
		select {
		case <-hit:
			Expect(rows["a-first"].Result).To(Equal(proof.Proven))
			Expect(rows["b-hangs"].Result).To(Equal(proof.Error))
			Expect(rows["b-hangs"].Reason).To(ContainSubstring("run timeout 8s"))
			Expect(rows["b-hangs"].FailingStep).To(ContainSubstring("visit: /hang"), "what was running when it fired")
		default:
			notRun = append(notRun, "b-hangs")
		}
		for _, id := range notRun {
			Expect(rows[id].Result).To(Equal(proof.NotRun), id)
			Expect(rows[id].Reason).To(Equal("not run: run timeout 8s"), id)
		}
	})

	It("gives error rows and exit 3, without hanging, when the target goes away mid-run", func() {
		s, hit := hangingSite()
		dir := workdir(robustPack(s.URL))
		sess := proofrun(dir, "run", "--out", "out", "--quiet")
		Eventually(hit, 180*time.Second).Should(Receive())
		s.CloseClientConnections()
		s.Listener.Close()
		Eventually(sess, 240*time.Second).Should(gexec.Exit(3))
		rows := byScenario(readRows(filepath.Join(dir, "out", "proof.jsonl")))
		Expect(rows).To(HaveLen(4))
		Expect(rows["a-first"].Result).To(Equal(proof.Proven))
		for _, id := range []string{"c-after", "d-last"} {
			Expect(rows[id].Result).To(Equal(proof.Error), id)
			Expect(rows[id].Reason).To(ContainSubstring("unreachable"), id)
		}
	})
})

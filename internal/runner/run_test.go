package runner

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"

	"github.com/proofrun/proofrun/internal/config"
	"github.com/proofrun/proofrun/internal/exitcode"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/report"
	"github.com/proofrun/proofrun/internal/rundir"
)

// project writes a config for baseURL and two scenarios into a temporary
// directory, and loads the config.
func project(baseURL string) (*config.Config, []string, string) {
	dir := GinkgoT().TempDir()
	files := map[string]string{
		"config.yaml":      "target:\n  base_url: " + baseURL + "\n  fixtures: \"\"\nrun:\n  workers: 1\n  out: " + filepath.Join(dir, "out") + "\n",
		"scenarios/a.yaml": "id: a\ntitle: a\ndomain: restore\nstate: allowed\nsteps:\n  - visit: /a\n  - see: A\n",
		"scenarios/b.yaml": "id: b\ntitle: b\ndomain: restore\nstate: allowed\nsteps:\n  - visit: /b\n  - see: B\n",
	}
	for name, body := range files {
		path := filepath.Join(dir, name)
		Expect(os.MkdirAll(filepath.Dir(path), 0o755)).To(Succeed())
		Expect(os.WriteFile(path, []byte(body), 0o644)).To(Succeed())
	}
	cfg, err := config.Load(filepath.Join(dir, "config.yaml"), nil)
	Expect(err).NotTo(HaveOccurred())
	return cfg, []string{filepath.Join(dir, "scenarios")}, filepath.Join(dir, "out")
}

// closedURL is a loopback URL nothing listens on.
func closedURL() string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	Expect(err).NotTo(HaveOccurred())
	url := "http://" + l.Addr().String()
	Expect(l.Close()).To(Succeed())
	return url
}

func rowsOf(dir string) map[string]proof.Row {
	_, rows, err := rundir.Read(dir)
	Expect(err).NotTo(HaveOccurred())
	out := map[string]proof.Row{}
	for _, r := range rows {
		out[r.ScenarioID] = r
	}
	return out
}

var _ = Describe("Run, before any browser starts", func() {
	It("gives every planned scenario an error row, the reports and exit 3 when the target is unreachable", func(ctx SpecContext) {
		url := closedURL()
		cfg, paths, out := project(url)
		p := newProcess(map[string]string{})
		err := Run(ctx, p.Process, Options{Config: cfg, Paths: paths})
		Expect(exitcode.Code(err)).To(Equal(exitcode.Infra))
		Expect(err).To(MatchError(ContainSubstring("target " + url + " is unreachable")))
		rows := rowsOf(out)
		Expect(rows).To(HaveLen(2))
		for _, r := range rows {
			Expect(r.Result).To(Equal(proof.Error))
		}
		Expect(filepath.Join(out, report.HTMLFile)).To(BeAnExistingFile())
		Expect(p.out).To(gbytes.Say(`ERROR    a`))
		Expect(p.out).To(gbytes.Say(`ERROR: 2 scenarios`))
		Expect(p.listening()).To(BeFalse(), "signals are let go")
	}, NodeTimeout(defaultWait))

	It("gives every planned scenario a not-run row and exit 130 when interrupted while the target is checked", func(ctx SpecContext) {
		asked := make(chan struct{}, 1)
		s := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
			select {
			case asked <- struct{}{}:
			default:
			}
			<-r.Context().Done()
		}))
		DeferCleanup(s.Close)
		cfg, paths, out := project(s.URL)
		p := newProcess(map[string]string{})
		done := make(chan error, 1)
		go func() { done <- Run(ctx, p.Process, Options{Config: cfg, Paths: paths, Quiet: true}) }()
		Eventually(asked).Should(Receive())
		p.interrupt()
		var err error
		Eventually(done).Should(Receive(&err))
		Expect(exitcode.Code(err)).To(Equal(exitcode.Interrupted))
		for id, r := range rowsOf(out) {
			Expect(r.Result).To(Equal(proof.NotRun), id)
			Expect(r.Reason).To(Equal("not run: interrupted by interrupt"), id)
		}
		Expect(p.exits).NotTo(Receive(), "the run ended by itself")
	}, NodeTimeout(defaultWait))

	It("shows GitHub Actions progress when the environment says so, and writes the step summary there", func(ctx SpecContext) {
		cfg, paths, _ := project(closedURL())
		summary := filepath.Join(GinkgoT().TempDir(), "summary.md")
		p := newProcess(map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary})
		Expect(exitcode.Code(Run(ctx, p.Process, Options{Config: cfg, Paths: paths}))).To(Equal(exitcode.Infra))
		Expect(p.out).To(gbytes.Say(`::group::proofrun: 2 scenarios`))
		Expect(summary).To(BeAnExistingFile())
	}, NodeTimeout(defaultWait))
})

// shardRuns writes the two shard runs of a plan of a and b, both proven.
func shardRuns() []string {
	var dirs []string
	for i, id := range []string{"a", "b"} {
		dir := filepath.Join(GinkgoT().TempDir(), id)
		meta := proof.Meta{RunID: "r" + id, Pack: "p", PlanID: proof.PlanID([]string{"a", "b"}), Shard: []string{"1/2", "2/2"}[i],
			Started: time.Now(), Finished: time.Now(), Plan: []proof.PlannedScenario{{ID: id, Domain: "restore", State: "allowed"}}}
		run, err := rundir.Create(dir, meta, nil)
		Expect(err).NotTo(HaveOccurred())
		Expect(run.Append(proof.Row{RunID: meta.RunID, ScenarioID: id, Domain: "restore", State: "allowed", Result: proof.Proven})).To(Succeed())
		Expect(run.Finish(meta)).To(Succeed())
		dirs = append(dirs, dir)
	}
	return dirs
}

var _ = Describe("exit codes chosen where the failure is understood", func() {
	var p *fakeProcess
	BeforeEach(func() { p = newProcess(map[string]string{}) })

	It("rebuilds a run's reports; a directory that is no run is exit 2, a report that cannot be written exit 3", func() {
		dir := shardRuns()[0]
		Expect(Rebuild(p.Process, dir, report.Options{})).To(Succeed())
		Expect(p.out).To(gbytes.Say(`report: .*index.html`))

		Expect(exitcode.Code(Rebuild(p.Process, GinkgoT().TempDir(), report.Options{}))).To(Equal(exitcode.Invalid))
		Expect(exitcode.Code(Rebuild(p.Process, dir, report.Options{Baseline: "/nonexistent/run"}))).To(Equal(exitcode.Invalid))

		html := filepath.Join(dir, report.HTMLFile)
		Expect(os.Remove(html)).To(Succeed())
		Expect(os.Mkdir(html, 0o755)).To(Succeed()) // in the way of the file
		err := Rebuild(p.Process, dir, report.Options{})
		Expect(exitcode.Code(err)).To(Equal(exitcode.Infra), "%v", err)
	})

	It("merges shards: unreadable or refused runs are exit 2, a merged run that cannot be written exit 3", func() {
		dirs := shardRuns()
		Expect(Merge(p.Process, filepath.Join(GinkgoT().TempDir(), "m"), dirs, rundir.MergeOptions{})).To(Succeed())
		Expect(p.out).To(gbytes.Say(`merged 2 runs: PASS`))

		err := Merge(p.Process, filepath.Join(GinkgoT().TempDir(), "m"), []string{dirs[0], "/nonexistent/run"}, rundir.MergeOptions{})
		Expect(exitcode.Code(err)).To(Equal(exitcode.Invalid))
		err = Merge(p.Process, filepath.Join(GinkgoT().TempDir(), "m"), dirs[:1], rundir.MergeOptions{})
		Expect(exitcode.Code(err)).To(Equal(exitcode.Invalid))
		Expect(err).To(MatchError(ContainSubstring("cannot merge: shard 2/2 is missing")))

		file := filepath.Join(GinkgoT().TempDir(), "file")
		Expect(os.WriteFile(file, nil, 0o644)).To(Succeed())
		err = Merge(p.Process, filepath.Join(file, "m"), dirs, rundir.MergeOptions{})
		Expect(exitcode.Code(err)).To(Equal(exitcode.Infra), "%v", err)
	})

	It("serves the fixture app until interrupted; a bad address or fault is exit 2, a busy port exit 3", func(ctx SpecContext) {
		Expect(exitcode.Code(ServeFixture(ctx, p.Process, "127.0.0.1:0", []string{"no-such-fault"}))).To(Equal(exitcode.Invalid))
		Expect(exitcode.Code(ServeFixture(ctx, p.Process, "nonsense", nil))).To(Equal(exitcode.Invalid))

		busy, err := net.Listen("tcp", "127.0.0.1:0")
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(busy.Close)
		err = ServeFixture(ctx, p.Process, busy.Addr().String(), nil)
		Expect(exitcode.Code(err)).To(Equal(exitcode.Infra), "%v", err)

		done := make(chan error, 1)
		go func() { done <- ServeFixture(ctx, p.Process, "127.0.0.1:0", nil) }()
		Eventually(p.out).Should(gbytes.Say(`fixture app: http://127.0.0.1:\d+`))
		p.interrupt()
		Eventually(done).Should(Receive(BeNil()))
		Expect(p.listening()).To(BeFalse())
	}, NodeTimeout(defaultWait))
})

var _ = It("classifies what is left by the file system as the writing, anything else by the caller's code", func() {
	_, statErr := os.Stat("/nonexistent")
	Expect(exitcode.Code(writeOr(exitcode.Invalid, statErr))).To(Equal(exitcode.Infra))
	Expect(exitcode.Code(writeOr(exitcode.Invalid, errors.New("cannot merge")))).To(Equal(exitcode.Invalid))
	Expect(strings.Contains(writeOr(exitcode.Invalid, statErr).Error(), "/nonexistent")).To(BeTrue())
})

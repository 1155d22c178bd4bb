package e2e_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"

	"github.com/proofrun/proofrun/internal/fixtureapp"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/rundir"
	"github.com/proofrun/proofrun/internal/scenario"
)

// discoverResult is one `proofrun discover` run: exit code, output and the
// observed matrix it kept in its run directory.
type discoverResult struct {
	code     int
	out      string
	dir      string
	pages    map[string]map[string]struct{ Status int }
	findings []struct{ Kind, URL, Actor string }
	rows     []proof.Row
}

// discoverActors are enough to see every rule broken: two actors of one
// workspace (one read-only), one of another, a platform user.
var discoverActors = []string{"--actor", "owner,readonly,outsider,platform"}

func runDiscover(env []string, args ...string) discoverResult {
	out := GinkgoT().TempDir()
	s := proofrunEnv(project(), env, append([]string{"discover", "--quiet", "--out", out}, args...)...)
	Eventually(s, 5*time.Minute).Should(gexec.Exit())
	res := discoverResult{code: s.ExitCode(), out: string(s.Out.Contents()), dir: out}
	if res.code > 1 {
		return res
	}
	b, err := os.ReadFile(filepath.Join(out, "discover.json"))
	Expect(err).NotTo(HaveOccurred(), res.out)
	var doc struct {
		Pages    map[string]map[string]struct{ Status int }
		Findings []struct{ Kind, URL, Actor string }
	}
	Expect(json.Unmarshal(b, &doc)).To(Succeed())
	res.pages, res.findings = doc.Pages, doc.Findings
	_, res.rows, err = rundir.Read(out)
	Expect(err).NotTo(HaveOccurred())
	return res
}

func findingKinds(r discoverResult) []string {
	var out []string
	for _, f := range r.findings {
		out = append(out, f.Kind+" "+f.Actor+" "+f.URL)
	}
	return out
}

// fixturePaths are the paths the fixture file names in namespace ns.
func fixturePaths(ns string) []string {
	fx, err := scenario.LoadFixtures(filepath.Join(project(), "fixtures", "fixture-app.yaml"))
	Expect(err).NotTo(HaveOccurred())
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch m := v.(type) {
		case map[string]any:
			for k, x := range m {
				if s, ok := x.(string); ok && (k == "path" || ns == "pages") && strings.HasPrefix(s, "/") {
					out = append(out, s)
				} else {
					walk(x)
				}
			}
		}
	}
	walk(fx[ns])
	return out
}

var _ = Describe("discover", Ordered, func() {
	var clean discoverResult
	BeforeAll(func() {
		clean = runDiscover(nil)
	})

	It("finds every page of both panels on the clean fixture app, as all seven actors, with no finding", func() {
		Expect(clean.code).To(Equal(0), clean.out)
		Expect(clean.findings).To(BeEmpty())
		Expect(clean.out).To(ContainSubstring("0 finding(s)"))
		var want []string
		for _, ns := range []string{"pages", "system", "backup_sets", "restore_runs", "backup_runs", "providers", "operations"} {
			for _, p := range fixturePaths(ns) {
				if !strings.Contains(p, "export") && !strings.Contains(p, "/search") && !strings.Contains(p, "contoso-dev/backup-sets/") {
					want = append(want, p)
				}
			}
		}
		Expect(len(want)).To(BeNumerically(">", 30))
		for _, p := range want {
			Expect(clean.pages).To(HaveKey(p), "a page the fixture names was not discovered")
			Expect(clean.pages[p]).To(HaveLen(7), p+": every actor's answer")
		}
		for _, r := range clean.rows {
			Expect(r.Result).To(Equal(proof.Proven), r.ScenarioID)
			Expect(r.Matrix).NotTo(BeNil())
		}
		html, err := os.ReadFile(filepath.Join(clean.dir, "index.html"))
		Expect(err).NotTo(HaveOccurred())
		Expect(string(html)).To(ContainSubstring("discovered-admin-backup-sets"))
	})

	It("writes matrix scenarios that run proves unchanged, and finds no drift against them", func() {
		written := GinkgoT().TempDir()
		shallow := []string{"PROOFRUN_DISCOVER_MAX_DEPTH=1"} // home and navigation: a run of the files stays short
		res := runDiscover(shallow, append(discoverActors, "--write", written)...)
		Expect(res.code).To(Equal(0), res.out)
		files, err := filepath.Glob(filepath.Join(written, "discovered-*.yaml"))
		Expect(err).NotTo(HaveOccurred())
		Expect(len(files)).To(BeNumerically(">=", 8))

		run := proofrun(project(), "run", "--quiet", "--workers", "2", "--out", GinkgoT().TempDir(), written)
		Eventually(run, 5*time.Minute).Should(gexec.Exit(0), string(run.Out.Contents()))
		Expect(string(run.Out.Contents())).To(ContainSubstring("PASS"))

		again := runDiscover(shallow, append(discoverActors, "--against", written)...)
		Expect(again.code).To(Equal(0), again.out)
		Expect(again.out).To(ContainSubstring("0 drift"))

		By("a leak is drift against files written on the clean app")
		leak := runDiscover(shallow, append(discoverActors, "--against", written, "--faults", "system-panel-open")...)
		Expect(leak.code).To(Equal(1), leak.out)
		Expect(leak.out).To(MatchRegexp(`drift: /system\S* as owner is 200, \S+ expects 404`))
	})

	Describe("finds the authorization defects of the fixture app", func() {
		// Each fault and a finding it must cause (kind, actor, URL suffix).
		faults := []struct{ fault, kind, actor, url string }{
			{"cross-workspace-leak", "cross-workspace-leak", "outsider", "/contoso-prod/backup-sets/11"},
			{"system-panel-open", "panel-open", "owner", "/system/directory/workspaces"},
			{"authz-hole-restore", "action-without-capability", "readonly", "step=confirm-restore"},
			{"unlinked-page", "cross-workspace-leak", "outsider", "/contoso-prod/diagnostics"},
			{"existence-leak", "existence-leak", "outsider", "/contoso-prod/backup-runs/5001"},
		}
		found := 0
		results := map[string]discoverResult{}
		var mu sync.Mutex
		BeforeAll(func() {
			var wg sync.WaitGroup
			slots := make(chan struct{}, 2)
			for _, f := range faults {
				wg.Add(1)
				go func() {
					defer GinkgoRecover()
					defer wg.Done()
					slots <- struct{}{}
					defer func() { <-slots }()
					written := GinkgoT().TempDir()
					r := runDiscover(nil, append(discoverActors, "--faults", f.fault, "--write", written)...)
					r.dir = written
					mu.Lock()
					results[f.fault] = r
					mu.Unlock()
				}()
			}
			wg.Wait()
		})
		AfterAll(func() {
			fmt.Printf("\nfound by discover: %d/%d\n", found, len(faults))
		})

		for _, f := range faults {
			It("finds "+f.fault+" without a scenario written for it, and writes none that certifies it", func() {
				r := results[f.fault]
				Expect(r.code).To(Equal(1), r.out)
				Expect(findingKinds(r)).To(ContainElement(And(HavePrefix(f.kind+" "+f.actor+" "), HaveSuffix(f.url))), r.out)
				failed := 0
				for _, row := range r.rows {
					if row.Result == proof.Failed {
						failed++
						Expect(row.Reason).NotTo(BeEmpty())
					}
				}
				Expect(failed).To(BeNumerically(">", 0))
				if f.kind != "action-without-capability" { // a written matrix checks statuses, not buttons
					body := readAll(r.dir)
					Expect(body).To(ContainSubstring("# FINDING " + f.kind))
				}
				found++
			})
		}
	})

	It("refuses bad input with one line and exit 2 (3 for an unreachable target)", func() {
		bad := filepath.Join(GinkgoT().TempDir(), "_discover.yaml")
		Expect(os.WriteFile(bad, []byte("actors:\n  owner: {workspce: contoso}\n"), 0o644)).To(Succeed())
		for _, c := range []struct {
			env  []string
			args []string
			code int
			want string
		}{
			{[]string{"PROOFRUN_DISCOVER_RULES=" + bad}, nil, 2, bad + `:2:11: unknown key "workspce"`},
			{nil, []string{"--actor", "ghost"}, 2, "--actor ghost: unknown actor"},
			{[]string{"PROOFRUN_DISCOVER_MAX_PAGES=0"}, nil, 2, "discover.max_pages: must be positive"},
			{nil, []string{"--against", GinkgoT().TempDir()}, 2, "no matrix files"},
			{nil, []string{"--base-url", "http://127.0.0.1:1"}, 3, "is unreachable"},
		} {
			s := proofrunEnv(project(), c.env, append([]string{"discover", "--out", GinkgoT().TempDir()}, c.args...)...)
			Eventually(s, time.Minute).Should(gexec.Exit(c.code), strings.Join(c.args, " "))
			msg := strings.TrimSpace(string(s.Err.Contents()))
			Expect(msg).To(ContainSubstring(c.want))
			Expect(strings.Count(msg, "\n")).To(Equal(0), msg)
			Expect(msg).NotTo(ContainSubstring("panic"))
		}
	})
})

// packFaults are the faults the scenario pack's defect suite must catch:
// every fault but the discover-only ones.
func packFaults() []string {
	var out []string
	for _, f := range fixtureapp.FaultNames {
		if !slices.Contains(fixtureapp.DiscoverOnlyFaults, f) {
			out = append(out, f)
		}
	}
	return out
}

// readAll concatenates the files of dir.
func readAll(dir string) string {
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	Expect(err).NotTo(HaveOccurred())
	var b strings.Builder
	for _, f := range files {
		body, err := os.ReadFile(f)
		Expect(err).NotTo(HaveOccurred())
		b.Write(body)
	}
	return b.String()
}

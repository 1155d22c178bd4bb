package e2e_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"

	"github.com/proofrun/proofrun/internal/config"
	"github.com/proofrun/proofrun/internal/fixtureapp"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/runner"
	"github.com/proofrun/proofrun/internal/scenario"
)

// defect is one fixture fault and what the pack must make of it: run with the
// fault on, the scope (a domain or tag filter keeping the suite short; `make
// defects` runs each against the whole pack) fails with exactly these
// scenarios, each proving one of the requirements the fault breaks.
type defect struct {
	fault        string
	scope        []string
	mustFail     []string
	requirements []string
}

// defects is the defect suite of issue 5: every fault of the fixture app.
var defects = []defect{
	// filled from the pack below
}

// packRun runs the project's proof pack with args and returns the exit code
// and the rows by scenario, plus the requirements each scenario proves.
func packRun(args ...string) (int, map[string]proof.Row, map[string][]string) {
	out := filepath.Join(GinkgoT().TempDir(), "run")
	sess := proofrun(project(), append([]string{"run", "--quiet", "--workers", "2", "--out", out}, args...)...)
	Eventually(sess, 10*time.Minute).Should(gexec.Exit())
	rows := readRows(filepath.Join(out, "proof.jsonl"))
	proves := map[string][]string{}
	for _, r := range rows {
		proves[r.ScenarioID] = append(proves[r.ScenarioID], r.Requirement)
	}
	return sess.ExitCode(), byScenario(rows), proves
}

func idsWith(rows map[string]proof.Row, results ...proof.Result) []string {
	var ids []string
	for id, r := range rows {
		if slices.Contains(results, r.Result) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

var _ = Describe("the proof pack", func() {
	It("names every browser-provable requirement in at least one scenario", func() {
		wd, err := os.Getwd()
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(os.Chdir, wd)
		Expect(os.Chdir(project())).To(Succeed())
		cfg, err := config.Load("config.yaml", nil)
		Expect(err).NotTo(HaveOccurred())
		pack, err := runner.LoadPack(cfg, nil)
		Expect(err).NotTo(HaveOccurred())
		named := map[string]bool{}
		for _, sc := range pack.Scenarios {
			for _, id := range sc.Proves {
				named[id] = true
			}
		}
		var missing []string
		for _, req := range pack.Requirements {
			if req.Browser && !named[req.ID] {
				missing = append(missing, req.ID)
			}
		}
		Expect(pack.Requirements).NotTo(BeEmpty())
		Expect(missing).To(BeEmpty(), "browser-provable requirements no scenario proves")
	})

	It("is proven on the clean fixture app: 40 scenarios or more, in all six domains", func() {
		code, rows, _ := packRun()
		Expect(idsWith(rows, proof.Failed, proof.Error, proof.Flaky, proof.Skipped)).To(BeEmpty())
		Expect(code).To(Equal(0))
		domains := map[string]int{}
		for _, r := range rows {
			if r.Result == proof.Proven {
				domains[r.Domain]++
			}
		}
		Expect(len(idsWith(rows, proof.Proven))).To(BeNumerically(">=", 40))
		Expect(domains).To(HaveLen(len(scenario.Domains)), fmt.Sprint(domains))
	})

	Describe("defect suite", Ordered, func() {
		caught := 0
		AfterAll(func() {
			fmt.Printf("defects caught: %d/%d\n", caught, len(fixtureapp.FaultNames))
		})

		It("has a case for every fixture fault", func() {
			var faults []string
			for _, d := range defects {
				faults = append(faults, d.fault)
			}
			Expect(faults).To(ConsistOf(fixtureapp.FaultNames))
		})

		for _, d := range defects {
			It("fails the scenarios that prove what "+d.fault+" breaks, and only those", func() {
				scope := d.scope
				if os.Getenv("PROOFRUN_DEFECTS_FULL") != "" {
					scope = nil
				}
				code, rows, proves := packRun(append([]string{"--faults", d.fault}, scope...)...)
				failed := idsWith(rows, proof.Failed, proof.Error)
				Expect(failed).To(Equal(sorted(d.mustFail)))
				for _, id := range failed {
					Expect(proves[id]).To(ContainElement(BeElementOf(d.requirements)),
						"%s fails but proves none of %v", id, d.requirements)
				}
				Expect(code).To(Equal(1))
				caught++
			})
		}
	})
})

func sorted(ids []string) []string {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

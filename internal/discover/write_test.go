package discover

import (
	"os"
	"path/filepath"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/scenario"
)

var timeZero time.Time

var _ = Describe("written matrices", func() {
	var j *Judge
	var o *Observation
	var dir string
	BeforeEach(func() {
		j, o, dir = testJudge(), cleanObservation(), GinkgoT().TempDir()
	})

	It("load as matrix scenarios expecting what was observed", func() {
		files, err := j.Write(dir, o, j.Judge(o), "test")
		Expect(err).NotTo(HaveOccurred())
		Expect(files).To(HaveLen(3))
		pack, err := scenario.Load([]string{dir}, scenario.LoadOptions{Actors: o.Actors})
		Expect(err).NotTo(HaveOccurred())
		Expect(pack.Scenarios).To(HaveLen(4 * 4))
		got := map[string]int{}
		for _, sc := range pack.Scenarios {
			got[sc.Matrix.Case+" "+sc.Actor] = sc.Matrix.Expected
			Expect(sc.Steps).To(HaveLen(1))
		}
		Expect(got).To(HaveKeyWithValue(contosoSet+" readonly", 200))
		Expect(got).To(HaveKeyWithValue(contosoSet+" outsider", 404))
		Expect(got).To(HaveKeyWithValue(systemHome+" platform", 200))
	})

	It("never certify a leak: the finding's cell expects the rule's status, with the finding as a comment", func() {
		o.Pages[contosoSet]["outsider"].Status = 200
		_, err := j.Write(dir, o, j.Judge(o), "test")
		Expect(err).NotTo(HaveOccurred())
		body, err := os.ReadFile(filepath.Join(dir, "discovered-admin-backup-sets.yaml"))
		Expect(err).NotTo(HaveOccurred())
		Expect(string(body)).To(ContainSubstring("# FINDING cross-workspace-leak: outsider (workspace fabrikam) was served"))
		Expect(string(body)).To(ContainSubstring(`visit: "` + contosoSet + `"
      expect: { outsider: 404, owner: 200, platform: 404, readonly: 200 }`))
	})

	It("refuses to write without the requirements a domain proves", func() {
		delete(j.Rules.Proves, "system-denied")
		_, err := j.Write(dir, o, nil, "test")
		Expect(err).To(MatchError(ContainSubstring("proves.system-denied is empty")))
	})

	Describe("drift", func() {
		BeforeEach(func() {
			_, err := j.Write(dir, o, nil, "test")
			Expect(err).NotTo(HaveOccurred())
		})

		It("is none for the same observation", func() {
			w, err := ReadWritten(dir)
			Expect(err).NotTo(HaveOccurred())
			Expect(Compare(o, w)).To(BeEmpty())
		})

		It("names a changed cell, a new page and a page gone", func() {
			w, err := ReadWritten(dir)
			Expect(err).NotTo(HaveOccurred())
			o.Pages[contosoSet]["readonly"].Status = 403
			delete(o.Pages, systemHome)
			o.put("owner", &Page{URL: "/admin/workspaces/contoso/new", Final: "/admin/workspaces/contoso/new", Status: 200, Crawled: true})
			var got []string
			for _, d := range Compare(o, w) {
				got = append(got, d.String())
			}
			Expect(got).To(ConsistOf(
				ContainSubstring("drift: "+contosoSet+" as readonly is 403"),
				"drift: new page /admin/workspaces/contoso/new (in no file of the --against directory)",
				ContainSubstring("drift: page /system of"),
			))
		})

		It("refuses a directory without matrix files", func() {
			_, err := ReadWritten(GinkgoT().TempDir())
			Expect(err).To(MatchError(ContainSubstring("no matrix files")))
		})
	})
})

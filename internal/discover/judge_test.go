package discover

import (
	"os"
	"path/filepath"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/driver"
)

const (
	contosoSet  = "/admin/workspaces/contoso/environments/prod/backup-sets/11"
	fabrikamSet = "/admin/workspaces/fabrikam/environments/prod/backup-sets/31"
	systemHome  = "/system"
	wizard      = "/admin/workspaces/contoso/environments/prod/restore-runs/create?step=confirm"
)

const rulesYAML = `
actors:
  owner:    { workspace: contoso, capabilities: [view, restore.execute] }
  readonly: { workspace: contoso, capabilities: [view] }
  outsider: { workspace: fabrikam, capabilities: [view, restore.execute] }
  platform: { capabilities: [system.view] }
tenant_scoped:
  - "^/admin/workspaces/{workspace}/environments/[^/?]+"
  - "^/admin/workspaces/{workspace}"
actions:
  Execute restore: restore.execute
proves:
  cross-workspace: [FR-402-006]
  system-denied: [FR-402-008]
`

func testRules() *Rules {
	path := filepath.Join(GinkgoT().TempDir(), "_discover.yaml")
	Expect(os.WriteFile(path, []byte(rulesYAML), 0o644)).To(Succeed())
	r, err := LoadRules(path)
	Expect(err).NotTo(HaveOccurred())
	return r
}

func testJudge() *Judge {
	return &Judge{
		Rules:  testRules(),
		Panel:  map[string]string{"owner": "admin", "readonly": "admin", "outsider": "admin", "platform": "system"},
		Prefix: map[string]string{"admin": "/admin", "system": "/system"},
		Logins: []string{"/admin/login", "/system/login"},
	}
}

// cleanObservation is a clean matrix: everyone crawled what it may see and
// got 404 everywhere else.
func cleanObservation() *Observation {
	o := &Observation{Actors: []string{"outsider", "owner", "platform", "readonly"}, Pages: map[string]map[string]*Page{}, Truncated: map[string]bool{}}
	served := func(u, heading string, actions ...driver.OfferedAction) *Page {
		return &Page{URL: u, Final: u, Status: 200, Heading: heading, Crawled: true, Rendered: true, Actions: actions, text: "TenantPilot " + heading}
	}
	denied := func(u string, status int) *Page {
		return &Page{URL: u, Final: u, Status: status, text: "404 Not Found"}
	}
	o.put("owner", served(contosoSet, "Contoso Weekly Baseline"))
	o.put("readonly", served(contosoSet, "Contoso Weekly Baseline"))
	o.put("outsider", denied(contosoSet, 404))
	o.put("platform", denied(contosoSet, 404))
	o.put("outsider", served(fabrikamSet, "Fabrikam Weekly"))
	for _, a := range []string{"owner", "readonly", "platform"} {
		o.put(a, denied(fabrikamSet, 404))
	}
	o.put("platform", served(systemHome, "System"))
	for _, a := range []string{"owner", "readonly", "outsider"} {
		o.put(a, denied(systemHome, 404))
	}
	o.put("owner", served(wizard, "New restore", driver.OfferedAction{Label: "Execute restore", Zone: "page"}))
	o.put("readonly", served(wizard, "New restore", driver.OfferedAction{Label: "Execute restore", Zone: "page", Disabled: true}))
	o.put("outsider", denied(wizard, 404))
	o.put("platform", denied(wizard, 404))
	return o
}

func kinds(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Kind+" "+f.Actor+" "+f.URL)
	}
	return out
}

var _ = Describe("Judge", func() {
	var j *Judge
	var o *Observation
	BeforeEach(func() {
		j, o = testJudge(), cleanObservation()
	})

	It("finds nothing in a clean matrix", func() {
		Expect(j.Judge(o)).To(BeEmpty())
	})

	It("reports another workspace's page served as a leak that should be 404", func() {
		o.Pages[contosoSet]["outsider"].Status = 200
		fs := j.Judge(o)
		Expect(kinds(fs)).To(ConsistOf(KindLeak + " outsider " + contosoSet))
		Expect(fs[0].Expected).To(Equal(404))
		Expect(fs[0].Reference).To(Equal("owner"))
	})

	It("reports 403 for another workspace's record as an existence leak", func() {
		o.Pages[fabrikamSet]["readonly"].Status = 403
		Expect(kinds(j.Judge(o))).To(ConsistOf(KindExistenceLeak + " readonly " + fabrikamSet))
	})

	It("accepts 403 within the workspace: a missing capability", func() {
		o.Pages[contosoSet]["readonly"] = &Page{URL: contosoSet, Final: contosoSet, Status: 403, Crawled: true}
		Expect(j.Judge(o)).To(BeEmpty())
	})

	It("reports an admin user served a /system page", func() {
		o.Pages[systemHome]["owner"].Status = 200
		Expect(kinds(j.Judge(o))).To(ConsistOf(KindPanel + " owner " + systemHome))
	})

	It("counts a redirect to a login page as denied", func() {
		o.Pages[systemHome]["owner"] = &Page{URL: systemHome, Final: "/system/login", Status: 200}
		Expect(j.Judge(o)).To(BeEmpty())
	})

	It("reports a page the actor's navigation never reached but direct access serves", func() {
		o.Pages[contosoSet]["readonly"].Crawled = false
		Expect(kinds(j.Judge(o))).To(ConsistOf(KindHidden + " readonly " + contosoSet))
		By("unless its crawl stopped at max_pages: then not reaching it proves nothing")
		o.Truncated["readonly"] = true
		Expect(j.Judge(o)).To(BeEmpty())
	})

	It("reports an error page that names the record", func() {
		o.Pages[contosoSet]["outsider"].Identity = true
		Expect(kinds(j.Judge(o))).To(ConsistOf(KindIdentity + " outsider " + contosoSet))
	})

	It("reports an action offered enabled to an actor without its capability, not a disabled one", func() {
		o.Pages[wizard]["readonly"].Actions[0].Disabled = false
		Expect(kinds(j.Judge(o))).To(ConsistOf(KindAction + " readonly " + wizard))
	})

	It("reports 5xx and monitor findings as page errors", func() {
		o.Pages[contosoSet]["owner"].Status = 500
		Expect(kinds(j.Judge(o))).To(ContainElement(KindPageError + " owner " + contosoSet))
	})

	It("groups pages by panel and resource", func() {
		var ids []string
		for _, r := range j.Resources(o) {
			ids = append(ids, r.ID+" "+r.Domain)
		}
		Expect(ids).To(Equal([]string{"admin-backup-sets cross-workspace", "admin-restore-runs cross-workspace", "system-home system-denied"}))
	})

	It("makes findings failed rows whose matrix cell expects the rule's status", func() {
		o.Pages[contosoSet]["outsider"].Status = 200
		rows := j.Rows("run", o, j.Judge(o), nil, nil, timeZero)
		failed := 0
		for _, r := range rows {
			if r.Result == "failed" {
				failed++
				Expect(r.Actor).To(Equal("outsider"))
				Expect(r.Matrix.Expected).To(Equal(404))
				Expect(r.Matrix.Observed).To(Equal(200))
			}
		}
		Expect(failed).To(Equal(1))
		Expect(rows).To(HaveLen(4 * 4))
		Expect(Plan(rows)).To(HaveLen(16))
	})
})

var _ = Describe("markIdentity", func() {
	It("marks the error pages that show the authorized actor's heading, and only those", func() {
		o := cleanObservation()
		o.Pages[contosoSet]["outsider"].text = "403 Forbidden: Contoso Weekly Baseline"
		markIdentity(o)
		Expect(o.Pages[contosoSet]["outsider"].Identity).To(BeTrue())
		Expect(o.Pages[contosoSet]["platform"].Identity).To(BeFalse())
		Expect(o.Pages[contosoSet]["owner"].Identity).To(BeFalse(), "a served page is not an error page")
	})
})

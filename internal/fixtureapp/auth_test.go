package fixtureapp_test

import (
	"encoding/json"
	"net/http"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/fixtureapp"
)

var _ = Describe("panels and sign-in", func() {
	var s *fixtureapp.Server
	BeforeEach(func() {
		var err error
		s, err = fixtureapp.Start("127.0.0.1:0", fixtureapp.Options{})
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(s.Close)
	})

	It("sends anonymous visitors to their panel's login", func() {
		c := newClient(s)
		for path, login := range map[string]string{prod + "/backup-sets": "/admin/login", "/system/ops/runs": "/system/login"} {
			code, _, hdr := c.do(http.MethodGet, path, nil, nil)
			Expect(code).To(Equal(http.StatusFound))
			Expect(hdr.Get("Location")).To(Equal(login))
		}
	})

	It("renders Filament's login form", func() {
		_, body := newClient(s).get("/admin/login")
		Expect(body).To(ContainSubstring(`<label class="fi-fo-field-wrp-label" for="form.email"><span>Email address</span>`))
		Expect(body).To(ContainSubstring(`type="password" id="form.password" wire:model="data.password"`))
		Expect(body).To(ContainSubstring(`Sign in`))
		Expect(body).NotTo(MatchRegexp(`<input[^>]*name=`))
	})

	It("rejects a wrong password, rate limits per email and counts logins", func() {
		newClient(s).login("owner")
		c := newClient(s)
		st := c.state("/admin/login")
		bad := map[string]any{"data.email": "manager@contoso.test", "data.password": "nope"}
		r := c.send(st, bad, call{Method: "authenticate"})
		Expect(r.effects.HTML).To(ContainSubstring("These credentials do not match our records."))
		Expect(r.snapshot).NotTo(ContainSubstring("nope"))
		for range 4 {
			c.send(st, bad, call{Method: "authenticate"})
		}
		r = c.send(st, map[string]any{"data.email": "manager@contoso.test", "data.password": "proof-manager-pw"}, call{Method: "authenticate"})
		Expect(r.effects.HTML).To(MatchRegexp(`Too many login attempts. Please try again in \d+ seconds.`))
		Expect(r.effects.Redirect).To(BeEmpty())

		_, body := c.get("/__fixture/stats")
		var stats struct {
			Logins   map[string]int `json:"logins"`
			Attempts map[string]int `json:"login_attempts"`
		}
		Expect(json.Unmarshal([]byte(body), &stats)).To(Succeed())
		Expect(stats.Logins).To(Equal(map[string]int{"owner@contoso.test": 1}))
		Expect(stats.Attempts["manager@contoso.test"]).To(Equal(6))
	})

	It("keeps the panels' sessions apart", func() {
		c := newClient(s)
		c.login("owner")
		code, _ := c.get("/system/directory/workspaces")
		Expect(code).To(Equal(http.StatusNotFound))
		p := newClient(s)
		p.login("platform")
		code, _ = p.get(prod)
		Expect(code).To(Equal(http.StatusNotFound))
		code, _, hdr := c.do(http.MethodGet, "/admin", nil, nil)
		Expect(code).To(Equal(http.StatusFound))
		Expect(hdr.Get("Location")).To(Equal(prod))
	})
})

var _ = Describe("authorization", func() {
	var (
		s       *fixtureapp.Server
		clients map[string]*client
	)
	BeforeEach(func() {
		var err error
		s, err = fixtureapp.Start("127.0.0.1:0", fixtureapp.Options{})
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(s.Close)
		clients = map[string]*client{}
		for actor := range creds {
			clients[actor] = newClient(s)
			clients[actor].login(actor)
		}
	})

	DescribeTable("page access",
		func(path string, want map[string]int) {
			for actor, code := range want {
				got, body := clients[actor].get(path)
				Expect(got).To(Equal(code), "%s GET %s", actor, path)
				if got == http.StatusNotFound {
					Expect(body).NotTo(ContainSubstring("Contoso"), "a 404 leaks no record names")
				}
			}
		},
		Entry("environment dashboard", prod, map[string]int{"owner": 200, "readonly": 200, "outsider": 404, "platform": 404}),
		Entry("backup sets", prod+"/backup-sets", map[string]int{"owner": 200, "readonly": 200, "outsider": 404, "platform": 404}),
		Entry("a backup set", prod+"/backup-sets/11", map[string]int{"operator": 200, "outsider": 404}),
		Entry("a record of another environment", prod+"/backup-sets/31", map[string]int{"owner": 404, "outsider": 404}),
		Entry("an unknown environment", "/admin/workspaces/contoso/environments/nope", map[string]int{"owner": 404}),
		Entry("fabrikam", fabProd+"/backup-sets", map[string]int{"owner": 404, "outsider": 200}),
		Entry("restore wizard", prod+"/restore-runs/create", map[string]int{"readonly": 200, "operator": 200}),
		Entry("schedule create", prod+"/backup-schedules/create", map[string]int{"owner": 200, "manager": 200, "operator": 403, "readonly": 403}),
		Entry("provider edit", prod+"/provider-connections/61/edit", map[string]int{"manager": 200, "operator": 403, "outsider": 404}),
		Entry("missing-context environment", lab, map[string]int{"readonly": 200, "outsider": 404}),
		Entry("system workspaces", "/system/directory/workspaces", map[string]int{"platform": 200, "platform-readonly": 200, "owner": 404, "outsider": 404}),
		Entry("system repair", "/system/repair-workspace-owners", map[string]int{"platform": 200, "platform-readonly": 200, "owner": 404}),
		Entry("global search page", "/admin/search?q=Baseline", map[string]int{"readonly": 200, "platform": 404}),
	)

	DescribeTable("direct invocation",
		func(actor, path string, c call, want int) {
			r := clients[actor].invoke(path, nil, c, submit)
			Expect(r.code).To(Equal(want), "%s %s: %s", actor, path, r.body)
		},
		Entry("readonly executes a restore", "readonly", prod+"/restore-runs/create?backup_set=11&step=confirm-restore", mount("executeRestore"), 403),
		Entry("manager executes a restore", "manager", prod+"/restore-runs/create?backup_set=11&step=confirm-restore", mount("executeRestore"), 403),
		Entry("readonly on another step", "readonly", prod+"/restore-runs/create", mount("executeRestore"), 403),
		Entry("readonly runs a backup", "readonly", prod+"/backup-schedules", mount("runNow", map[string]any{"table": true, "recordKey": "41"}), 403),
		Entry("operator deletes a backup set", "operator", prod+"/backup-sets/15", mount("delete"), 403),
		Entry("operator verifies a provider", "operator", prod+"/provider-connections/61", mount("verify"), 403),
		Entry("readonly syncs inventory", "readonly", prod, mount("inventorySync"), 403),
		Entry("platform-readonly repairs owners", "platform-readonly", "/system/repair-workspace-owners", mount("repairWorkspaceOwners"), 403),
		Entry("an unknown action", "owner", prod, mount("nope"), 404),
	)

	It("shows denied actions hidden or disabled", func() {
		_, body := clients["readonly"].get(prod + "/restore-runs/create?backup_set=11&step=confirm-restore")
		Expect(body).To(MatchRegexp(`mountAction\(&#39;executeRestore&#39;\)" disabled title="You do not have permission to execute restores."`))
		_, body = clients["readonly"].get(prod + "/backup-schedules")
		Expect(body).NotTo(ContainSubstring("Run now"))
		_, body = clients["operator"].get(prod + "/backup-schedules")
		Expect(strings.Count(body, ">Run now<")).To(Equal(3))
		_, body = clients["platform-readonly"].get("/system/repair-workspace-owners")
		Expect(body).To(ContainSubstring(`disabled title="Requires the platform repair capability."`))
	})

	It("answers 404 to an update with a foreign workspace's snapshot", func() {
		owner := clients["owner"].state(prod + "/backup-sets/11")
		outsider := clients["outsider"].state(fabProd + "/backup-sets/31")
		r := clients["outsider"].send(pageState{snapshot: owner.snapshot, csrf: outsider.csrf, uri: outsider.uri}, nil, mount("delete"))
		Expect(r.code).To(Equal(http.StatusNotFound))
	})

	It("answers 419 to a CSRF mismatch or a missing session, 400 to a tampered snapshot", func() {
		st := clients["owner"].state(prod)
		Expect(clients["owner"].send(pageState{st.snapshot, "wrong", st.uri}, nil, mount("inventorySync")).code).To(Equal(419))
		Expect(newClient(s).send(st, nil, mount("inventorySync")).code).To(Equal(419))
		tampered := strings.Replace(st.snapshot, "environments.dashboard", "environments.dashboarx", 1)
		r := clients["owner"].send(pageState{tampered, st.csrf, st.uri}, nil, mount("inventorySync"))
		Expect(r.code).To(Equal(http.StatusBadRequest))
		Expect(r.body).To(ContainSubstring("CorruptComponentPayloadException"))
	})

	It("limits global search to the actor's workspace", func() {
		_, body := clients["outsider"].get("/admin/search?q=Baseline&fragment=1")
		Expect(body).To(ContainSubstring("Fabrikam Weekly Baseline"))
		Expect(body).NotTo(ContainSubstring("Contoso"))
		_, body = clients["owner"].get("/admin/search?q=Baseline&fragment=1")
		Expect(body).To(ContainSubstring("Contoso Weekly Baseline"))
		Expect(body).NotTo(ContainSubstring("Fabrikam"))
	})

	It("authorizes the audit log's CSV export like the page: members only, no leak", func() {
		export := prod + "/audit-log/export.csv"
		for _, actor := range []string{"owner", "readonly"} {
			code, body, hdr := clients[actor].do(http.MethodGet, export, nil, nil)
			Expect(code).To(Equal(http.StatusOK), actor)
			Expect(hdr.Get("Content-Type")).To(HavePrefix("text/csv"))
			Expect(body).To(HavePrefix("Time,Actor,Action,Target\n"))
			Expect(body).To(ContainSubstring("Restore executed"))
			Expect(body).NotTo(ContainSubstring("Fabrikam"))
		}
		for _, actor := range []string{"outsider", "platform"} {
			code, body, _ := clients[actor].do(http.MethodGet, export, nil, nil)
			Expect(code).To(Equal(http.StatusNotFound), actor)
			Expect(body).NotTo(ContainSubstring("Restore executed"))
		}
		code, _, _ := clients["owner"].do(http.MethodGet, fabProd+"/audit-log/export.csv", nil, nil)
		Expect(code).To(Equal(http.StatusNotFound))
		code, _, _ = clients["owner"].do(http.MethodGet, prod+"/operations/export.csv", nil, nil)
		Expect(code).To(Equal(http.StatusNotFound), "only the audit log exports")
	})
})

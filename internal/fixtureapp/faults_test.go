package fixtureapp_test

import (
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/fixtureapp"
)

// faultCheck asserts a fault's behaviour: on says whether the fault is
// switched on in the app c talks to. Each check runs against a clean app
// (off) and an app with only that fault (on).
type faultCheck func(c map[string]*client, on bool)

var faultChecks = map[string]faultCheck{
	"console-error": func(c map[string]*client, on bool) {
		_, body := c["owner"].get(prod + "/backup-sets")
		if on {
			Expect(body).To(ContainSubstring(`console.error('Fixture fault console-error: <img src=x onerror="window.__xss=1">')`))
		} else {
			Expect(body).NotTo(ContainSubstring("console.error"))
		}
	},
	"js-exception": func(c map[string]*client, on bool) {
		_, body := c["owner"].get(prod)
		Expect(body).To(onOff(on, ContainSubstring("throw new Error('Fixture fault js-exception")))
	},
	"http-500": func(c map[string]*client, on bool) {
		code, _ := c["owner"].get(prod + "/restore-runs/1002")
		Expect(code).To(Equal(pick(on, 500, 200)))
		code, _ = c["owner"].get(prod + "/restore-runs")
		Expect(code).To(Equal(200))
	},
	"livewire-500": func(c map[string]*client, on bool) {
		r := c["owner"].invoke(prod+"/backup-schedules", nil, mount("runNow", map[string]any{"table": true, "recordKey": "41"}))
		Expect(r.code).To(Equal(pick(on, 500, 200)))
		Expect(c["owner"].invoke(prod, nil, mount("syncGroups")).code).To(Equal(200))
	},
	"authz-hole-restore": func(c map[string]*client, on bool) {
		r := c["readonly"].invoke(freshConfirm, nil, mount("executeRestore"))
		Expect(r.code).To(Equal(pick(on, 200, 403)))
		Expect(c["manager"].invoke(freshConfirm, nil, mount("executeRestore")).code).To(Equal(403))
	},
	"cross-workspace-leak": func(c map[string]*client, on bool) {
		code, body := c["outsider"].get(prod + "/backup-sets/11")
		Expect(code).To(Equal(pick(on, 200, 404)))
		Expect(body).To(onOff(on, ContainSubstring("Contoso Weekly Baseline")))
		code, _ = c["outsider"].get(prod + "/backup-sets")
		Expect(code).To(Equal(404))
	},
	"system-panel-open": func(c map[string]*client, on bool) {
		code, _ := c["owner"].get("/system/directory/workspaces")
		Expect(code).To(Equal(pick(on, 200, 404)))
		code, _ = c["readonly"].get("/system/directory/workspaces")
		Expect(code).To(Equal(404))
	},
	"modal-mount-side-effect": func(c map[string]*client, on bool) {
		ops := c["owner"].rows(prod + "/operations")
		st := c["owner"].state(prod)
		r := c["owner"].send(st, nil, mount("inventorySync"))
		if r.effects.Partials["action-modals"] == "" { // first-click-miss swallows the first click
			st.snapshot = r.snapshot
			r = c["owner"].send(st, nil, mount("inventorySync"))
		}
		Expect(r.effects.Partials["action-modals"]).To(ContainSubstring("Run inventory sync"))
		Expect(c["owner"].rows(prod + "/operations")).To(Equal(ops + pick(on, 1, 0)))
	},
	"first-click-miss": func(c map[string]*client, on bool) {
		st := c["owner"].state(prod)
		r := c["owner"].send(st, nil, mount("createEvidenceSnapshot"))
		Expect(r.effects.Partials["action-modals"]).To(onOff(!on, ContainSubstring("Create evidence snapshot")))
		st.snapshot = r.snapshot
		r = c["owner"].send(st, nil, cancel, mount("createEvidenceSnapshot"))
		Expect(r.effects.Partials["action-modals"]).To(ContainSubstring("Create evidence snapshot"))
	},
	"cancel-side-effect": func(c map[string]*client, on bool) {
		audit := c["owner"].rows(prod + "/audit-log")
		c["owner"].invoke(freshConfirm, nil, mount("executeRestore"), cancel)
		Expect(c["owner"].rows(prod + "/audit-log")).To(Equal(audit + pick(on, 1, 0)))
	},
	"stale-executes": func(c map[string]*client, on bool) {
		r := c["owner"].invoke(prod+"/restore-runs/create?backup_set=13&step=confirm-restore", nil, mount("executeRestore"))
		Expect(r.effects.Partials["action-modals"]).To(onOff(on, ContainSubstring("Execute restore")))
	},
	"partial-as-success": func(c map[string]*client, on bool) {
		_, body := c["owner"].get(prod + "/backup-runs/5003")
		Expect(body).To(onOff(on, ContainSubstring(">Completed<")))
		Expect(body).To(onOff(!on, ContainSubstring(">Partial<")))
	},
	"credential-leak": func(c map[string]*client, on bool) {
		_, body := c["owner"].get(prod + "/provider-connections/61")
		Expect(body).To(onOff(on, ContainSubstring("fx-secret-primary-7Qk2vZ9")))
		Expect(body).To(onOff(!on, ContainSubstring("••••••••")))
		_, body = c["owner"].get(prod + "/backup-runs/5002")
		Expect(body).To(onOff(on, ContainSubstring("fx-secret-exchange-Vb47nT")))
		Expect(body).To(onOff(on, ContainSubstring("Raw payload")))
	},
	"missing-confirmation": func(c map[string]*client, on bool) {
		r := c["owner"].invoke(prod+"/backup-sets/15", nil, mount("delete"))
		Expect(r.effects.Redirect).To(Equal(pick(on, prod+"/backup-sets", "")))
		Expect(r.effects.Partials["action-modals"]).To(onOff(!on, ContainSubstring("Delete backup set")))
	},
	"similar-row-names": func(c map[string]*client, on bool) {
		_, body := c["readonly"].get(prod + "/backup-schedules")
		Expect(body).To(onOff(on, ContainSubstring("Contoso Daily Backup 2")))
		Expect(body).To(onOff(on, ContainSubstring("Run now")), "shown to readonly only under the fault")
		if on {
			Expect(strings.Index(body, "Contoso Daily Backup 2")).To(BeNumerically("<", strings.Index(body, "Contoso Daily Backup<")), "the decoy comes first")
		}
	},
	"unlinked-page": func(c map[string]*client, on bool) {
		code, body := c["outsider"].get(prod + "/diagnostics")
		Expect(code).To(Equal(pick(on, 200, 404)))
		Expect(body).To(onOff(on, ContainSubstring("Contoso Production diagnostics")))
		_, body = c["owner"].get(prod)
		Expect(body).To(onOff(on, ContainSubstring(prod+"/diagnostics")))
		_, body = c["owner"].get(prod + "/backup-sets")
		Expect(body).NotTo(ContainSubstring("/diagnostics"), "never in the sidebar")
	},
	"secret-echo": func(c map[string]*client, on bool) {
		code, body := c["owner"].get("/admin/profile")
		Expect(code).To(Equal(200))
		Expect(body).To(onOff(on, ContainSubstring("Password: proof-owner-pw")))
		Expect(body).To(onOff(on, ContainSubstring("<canvas")))
		Expect(body).To(onOff(!on, ContainSubstring("Password: ••••••••")))
	},
	"existence-leak": func(c map[string]*client, on bool) {
		code, _ := c["outsider"].get(prod + "/backup-runs/5001")
		Expect(code).To(Equal(pick(on, 403, 404)))
		code, _ = c["outsider"].get(prod + "/backup-runs/9999")
		Expect(code).To(Equal(404))
		code, _ = c["owner"].get(prod + "/backup-runs/5001")
		Expect(code).To(Equal(200))
	},
}

func pick[T any](on bool, yes, no T) T {
	if on {
		return yes
	}
	return no
}

func onOff(on bool, m OmegaMatcher) OmegaMatcher { return pick(on, m, Not(m)) }

func loggedIn(s *fixtureapp.Server) map[string]*client {
	out := map[string]*client{}
	for _, actor := range []string{"owner", "manager", "readonly", "outsider"} {
		out[actor] = newClient(s)
		out[actor].login(actor)
	}
	return out
}

var _ = Describe("faults", func() {
	It("has a check for every fault", func() {
		Expect(faultChecks).To(HaveLen(len(fixtureapp.FaultNames)))
		for _, n := range fixtureapp.FaultNames {
			Expect(faultChecks).To(HaveKey(n))
		}
	})

	It("rejects an unknown fault, listing the valid ones", func() {
		_, err := fixtureapp.New(fixtureapp.Options{Faults: []string{"http-500", "nope"}})
		Expect(err).To(MatchError(ContainSubstring(`unknown fault "nope" (valid: console-error, js-exception, http-500`)))
	})

	Context("off by default", func() {
		var c map[string]*client
		BeforeEach(func() {
			s, err := fixtureapp.Start("127.0.0.1:0", fixtureapp.Options{})
			Expect(err).NotTo(HaveOccurred())
			DeferCleanup(s.Close)
			c = loggedIn(s)
		})
		for _, name := range fixtureapp.FaultNames {
			It(name+" is off", func() { faultChecks[name](c, false) })
		}
	})

	for _, name := range fixtureapp.FaultNames {
		It(name+" switches on exactly its behaviour", func() {
			s, err := fixtureapp.Start("127.0.0.1:0", fixtureapp.Options{Faults: []string{name}})
			Expect(err).NotTo(HaveOccurred())
			DeferCleanup(s.Close)
			c := loggedIn(s)
			for other, check := range faultChecks {
				check(c, other == name)
				c["owner"].reset()
			}
		})
	}
})

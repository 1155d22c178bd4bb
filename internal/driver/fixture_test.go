package driver_test

import (
	"encoding/json"
	"net/http"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	. "github.com/onsi/gomega/gstruct"

	"github.com/proofrun/proofrun/internal/config"
	"github.com/proofrun/proofrun/internal/driver"
	"github.com/proofrun/proofrun/internal/fixtureapp"
	"github.com/proofrun/proofrun/internal/monitor"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/scenario"
)

// End to end against the embedded fixture app (internal/fixtureapp/doc.go
// maps its pages). One login per actor for the whole container: the app
// allows five a minute.
var _ = Describe("Against the fixture app", Ordered, func() {
	const (
		prod      = "/admin/workspaces/contoso/environments/contoso-prod"
		fabrikam  = "/admin/workspaces/fabrikam/environments/fabrikam-prod"
		schedules = fabrikam + "/backup-schedules"
	)
	var (
		fx *fixtureapp.Server
		b  *driver.Browser
	)
	BeforeAll(func() {
		var err error
		fx, err = fixtureapp.Start("127.0.0.1:0", fixtureapp.Options{})
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(fx.Close)
		b = browser.With(func(o *driver.Options) {
			o.BaseURL = fx.URL()
			o.Sessions = driver.NewSessions()
			o.Panels = map[string]config.Panel{"admin": {LoginPath: "/admin/login", HomePath: "/admin"}}
			o.Actors = map[string]config.Actor{
				"owner":    {Panel: "admin", Email: "owner@contoso.test", Password: "proof-owner-pw"},
				"readonly": {Panel: "admin", Email: "readonly@contoso.test", Password: "proof-readonly-pw"},
				"outsider": {Panel: "admin", Email: "owner@fabrikam.test", Password: "proof-outsider-pw"},
			}
		})
	})

	fixtureLogins := func() map[string]int {
		resp, err := http.Get(fx.URL() + "/__fixture/stats")
		Expect(err).NotTo(HaveOccurred())
		defer resp.Body.Close()
		var stats struct{ Logins map[string]int }
		Expect(json.NewDecoder(resp.Body).Decode(&stats)).To(Succeed())
		return stats.Logins
	}

	invoke := func(args []any, status int) scenario.Step {
		return step("invoke", &driver.InvokeArgs{Method: "mountAction", Params: args, Status: scenario.Status(status)}, "{method: mountAction}")
	}

	It("logs each actor in once across scenarios", func() {
		for range 2 {
			out, _ := run(scen("owner", visit(prod), see("Contoso Production")), b)
			Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		}
		Expect(fixtureLogins()).To(HaveKeyWithValue("owner@contoso.test", 1))
	})

	It("cancels a modal without effect, and confirms it", func() {
		out, _ := run(scen("owner", visit(prod),
			act("Run inventory sync", "", ""), modalOpen("Run inventory sync"), cancel(), modalClosed(),
			dontSee("Inventory sync queued"),
			act("Run inventory sync", "", ""), modalOpen("Run inventory sync"), confirm(), modalClosed(),
			see("Inventory sync queued")), b)
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		Expect(out.Findings).To(BeEmpty())
	})

	It("shows a capability-less action disabled and refuses its invocation with 403", func() {
		out, _ := run(scen("readonly", visit(prod),
			act("Run inventory sync", "", "disabled"),
			invoke([]any{"inventorySync"}, 403)), b)
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		Expect(out.Observed).To(Equal(403))
	})

	It("refuses an outsider's invocation on another workspace's record with 404", func() {
		ctx := func(key string) []any {
			return []any{"runNow", map[string]any{}, map[string]any{"table": true, "recordKey": key}}
		}
		out, _ := run(scen("outsider", visit(schedules),
			invoke(ctx("51"), 200), // its own schedule
			invoke(ctx("41"), 404), // Contoso's
			visitStatus(prod, 404), dontSee("Contoso")), b)
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		Expect(out.Steps).To(HaveEach(MatchFields(IgnoreExtras, Fields{"Status": Equal("passed")})))
	})

	It("selects rows for a bulk action and opens it from the bulk actions dropdown", func() {
		sets := prod + "/backup-sets"
		out, _ := run(scen("owner", visit(sets),
			bulk("Archive selected", "Contoso Weekly Baseline", ""), modalOpen("Archive selected backup sets"), cancel(), modalClosed(),
			bulk("Archive selected", "", "enabled"),
			see("Contoso Weekly Baseline")), b)
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		out, _ = run(scen("readonly", visit(sets), bulk("Archive selected", "", "hidden"),
			invoke([]any{"archiveSelected", map[string]any{}, map[string]any{"table": true, "bulk": true}}, 403)), b)
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		out, _ = run(scen("readonly", visit(sets), bulk("Archive selected", "", "")), b)
		Expect(out.Result).To(Equal(proof.Failed))
		Expect(out.Reason).To(ContainSubstring(`bulk action "Archive selected" on every row is hidden (the table offers no record selection)`))
	})

	It("submits a mounted action with the form data invoke's updates carry", func() {
		execute := func(confirmation string) scenario.Step {
			return step("invoke", &driver.InvokeArgs{
				Method: "mountAction", Params: []any{"executeRestore", map[string]any{}, map[string]any{}}, Call: true,
				Updates: map[string]any{"mountedActions.0.data.confirmation": confirmation},
			}, "{method: mountAction, call: true, updates: ...}")
		}
		confirmStep := prod + "/restore-runs/create?backup_set=11&step=confirm-restore"
		out, _ := run(scen("owner", visit(prod+"/operations"), count(".fi-ta-row", "before"),
			visit(confirmStep), execute("Not the environment"),
			visit(prod+"/operations"), count(".fi-ta-row", "wrong"), assert("wrong == before"),
			visit(confirmStep), execute("Contoso Production"),
			visit(prod+"/operations"), count(".fi-ta-row", "after"), assert("after == before + 1")), b)
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
	})

	Context("with defects switched on", func() {
		var faulty *driver.Browser
		BeforeAll(func() {
			fx2, err := fixtureapp.Start("127.0.0.1:0", fixtureapp.Options{Faults: []string{"first-click-miss", "livewire-500"}, NoDebug: true})
			Expect(err).NotTo(HaveOccurred())
			DeferCleanup(fx2.Close)
			faulty = b.With(func(o *driver.Options) { o.BaseURL, o.Sessions = fx2.URL(), driver.NewSessions() })
		})

		It("fails a first click that opens nothing (first-click-miss)", func() {
			out, _ := run(scen("owner", visit(prod), act("Run inventory sync", "", ""), modalOpen("Run inventory sync")), faulty)
			Expect(out.Result).To(Equal(proof.Failed))
			Expect(out.FailingStep).To(HavePrefix("2 action: Run inventory sync"))
			Expect(out.Reason).To(ContainSubstring("changed nothing visible"))
		})

		It("catches a failed update shown only as Filament's notification (livewire-500, no debug)", func() {
			out, _ := run(scen("owner", visit(prod+"/backup-schedules"), act("Run now", "Contoso Daily Backup", "")), faulty)
			Expect(out.Result).To(Equal(proof.Failed))
			Expect(out.Findings).To(ContainElements(
				MatchFields(IgnoreExtras, Fields{"Kind": Equal(monitor.Livewire), "Status": Equal(500)}),
				MatchFields(IgnoreExtras, Fields{"Kind": Equal(monitor.Notification), "Message": ContainSubstring("Error while loading page")}),
			))
		})

		It("proves the notification of an allowed failed update, which arrives through a second update as on Filament 4/5", func() {
			sc := scen("owner", visit(prod+"/backup-schedules"), act("Run now", "Contoso Daily Backup", ""), see("Error while loading page"))
			sc.Allow = scenario.Allow{Status: []scenario.StatusRule{{URL: "livewire", Code: 500}}}
			out, _ := run(sc, faulty)
			Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		})
	})
})

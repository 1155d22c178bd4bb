package fixtureapp_test

import (
	"net/http"
	"net/http/httptest"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/fixtureapp"
)

const freshConfirm = prod + "/restore-runs/create?backup_set=11&step=confirm-restore"

var _ = Describe("high-impact actions", func() {
	var (
		s *fixtureapp.Server
		c *client
	)
	BeforeEach(func() {
		var err error
		s, err = fixtureapp.Start("127.0.0.1:0", fixtureapp.Options{})
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(s.Close)
		c = newClient(s)
		c.login("owner")
	})

	It("executes a confirmed restore: one OperationRun, one audit entry, a redirect to the run", func() {
		ops, audit := c.rows(prod+"/operations"), c.rows(prod+"/audit-log")
		st := c.state(freshConfirm)
		r := c.send(st, nil, mount("executeRestore"))
		Expect(r.effects.Partials["action-modals"]).To(ContainSubstring(`<h2 class="fi-modal-heading" id="fi-modal-heading-executeRestore">Execute restore</h2>`))
		st.snapshot = r.snapshot
		r = c.send(st, map[string]any{"mountedActions.0.data.confirmation": "Contoso Production"}, submit)
		Expect(r.code).To(Equal(http.StatusOK))
		Expect(r.effects.Redirect).To(MatchRegexp(`/restore-runs/\d+$`))
		_, body := c.get(r.effects.Redirect) // the flash notification shows on the next page only
		Expect(body).To(ContainSubstring("Restore queued"))
		Expect(body).To(ContainSubstring(">Running<"))
		Expect(c.rows(prod + "/operations")).To(Equal(ops + 1))
		Expect(c.rows(prod + "/audit-log")).To(Equal(audit + 1))
	})

	It("refuses a wrong typed confirmation and creates nothing", func() {
		ops := c.rows(prod + "/operations")
		st := c.state(freshConfirm)
		st.snapshot = c.send(st, nil, mount("executeRestore")).snapshot
		r := c.send(st, map[string]any{"mountedActions.0.data.confirmation": "Contoso"}, submit)
		Expect(r.effects.Partials["action-modals"]).To(ContainSubstring("The confirmation does not match."))
		Expect(c.rows(prod + "/operations")).To(Equal(ops))
	})

	It("bulk-archives the selected backup sets of this environment only", func() {
		sets := prod + "/backup-sets"
		_, body := c.get(sets)
		Expect(body).To(ContainSubstring(`class="fi-checkbox-input fi-ta-record-checkbox" value="11"`))
		bulk := mount("archiveSelected", map[string]any{"table": true, "bulk": true})
		st := c.state(sets)
		r := c.send(st, nil, bulk)
		Expect(r.effects.Partials["action-modals"]).To(ContainSubstring("Archive selected backup sets"))
		st.snapshot = r.snapshot
		r = c.send(st, map[string]any{"selectedTableRecords": []any{"11", "31"}}, submit) // 31 is Fabrikam's
		Expect(r.code).To(Equal(http.StatusOK))
		Expect(r.effects.Dispatches).To(HaveLen(1))
		Expect(r.effects.Dispatches[0].Params.Notification.Title).To(Equal("Archived 1 backup sets"))
		_, body = c.get(prod + "/backup-sets/11")
		Expect(body).To(ContainSubstring(">Historical<"))
		readonly := newClient(s)
		readonly.login("readonly")
		_, body = readonly.get(sets)
		Expect(body).NotTo(ContainSubstring("fi-ta-record-checkbox"))
		Expect(readonly.invoke(sets, nil, bulk).code).To(Equal(http.StatusForbidden))
	})

	It("creates nothing when the confirmation is cancelled", func() {
		ops, audit := c.rows(prod+"/operations"), c.rows(prod+"/audit-log")
		st := c.state(freshConfirm)
		st.snapshot = c.send(st, nil, mount("executeRestore")).snapshot
		r := c.send(st, nil, cancel)
		Expect(r.effects.Partials).To(HaveKeyWithValue("action-modals", ""))
		Expect(c.rows(prod + "/operations")).To(Equal(ops))
		Expect(c.rows(prod + "/audit-log")).To(Equal(audit))
	})

	DescribeTable("stale and expired previews cannot execute",
		func(id, pageTip, tip string) {
			path := prod + "/restore-runs/create?backup_set=" + id + "&step=confirm-restore"
			_, body := c.get(path)
			Expect(body).To(ContainSubstring(`disabled title="` + pageTip + `"`))
			r := c.invoke(path, nil, mount("executeRestore"), submit)
			Expect(r.effects.Partials["action-modals"]).To(BeEmpty())
			Expect(r.effects.Dispatches).To(HaveLen(1))
			Expect(r.effects.Dispatches[0].Params.Notification.Title).To(Equal(tip))
			Expect(r.effects.Redirect).To(BeEmpty())
		},
		Entry("stale", "12", "Preview is stale. Regenerate the preview before executing.", "Preview is stale. Regenerate the preview before executing."),
		Entry("expired", "13", "Preview expired. Regenerate the preview before executing.", "Preview expired. Regenerate the preview before executing."),
		Entry("missing input (held on the readiness step)", "14", "Resolve the blocked readiness checks first.", "Restore blocked: resolve the readiness checks first."),
	)

	It("walks the wizard and regenerates a stale preview", func() {
		st := c.state(prod + "/restore-runs/create")
		r := c.send(st, map[string]any{"data.backup_set": "12"}, call{Method: "nextWizardStep"})
		Expect(r.effects.HTML).To(ContainSubstring("Target scope mapping"))
		st.snapshot = r.snapshot
		r = c.send(st, nil, call{Method: "nextWizardStep"})
		Expect(r.effects.HTML).To(ContainSubstring(">Needs attention<"))
		st.snapshot = r.snapshot
		r = c.send(st, nil, mount("regeneratePreview"))
		Expect(r.effects.HTML).To(ContainSubstring(">Ready<"))
		st.snapshot = r.snapshot
		r = c.send(st, nil, call{Method: "nextWizardStep"})
		Expect(r.effects.HTML).NotTo(ContainSubstring(`disabled title="Preview is stale`))
	})

	It("shows the missing-context state, distinct from a permission denial", func() {
		_, body := c.get(lab)
		Expect(body).To(ContainSubstring(`disabled title="Environment context unavailable" x-tooltip="Environment context unavailable"`))
		ops := c.rows(lab + "/operations")
		r := c.invoke(lab, nil, mount("inventorySync"), submit)
		Expect(r.code).To(Equal(http.StatusOK))
		Expect(r.effects.Dispatches[0].Params.Notification.Title).To(Equal("Environment context unavailable"))
		Expect(c.rows(lab + "/operations")).To(Equal(ops))
	})

	It("runs a no-record action: modal on mount, OperationRun only on submit", func() {
		ops := c.rows(prod + "/operations")
		st := c.state(prod)
		r := c.send(st, nil, mount("generateReviewPack"))
		Expect(r.effects.Partials["action-modals"]).To(ContainSubstring("Generate review pack"))
		Expect(c.rows(prod + "/operations")).To(Equal(ops))
		st.snapshot = r.snapshot
		r = c.send(st, nil, submit)
		Expect(r.effects.Dispatches[0].Params.Notification.Title).To(Equal("Review pack queued"))
		Expect(c.rows(prod + "/operations")).To(Equal(ops + 1))
	})

	It("resets to the fixtures", func() {
		ops := c.rows(prod + "/operations")
		c.invoke(prod, nil, mount("syncGroups"), submit)
		c.invoke(prod+"/backup-sets/15", nil, mount("delete"), submit)
		Expect(c.rows(prod + "/operations")).To(Equal(ops + 1))
		code, _ := c.get(prod + "/backup-sets/15")
		Expect(code).To(Equal(http.StatusNotFound))
		c.reset()
		Expect(c.rows(prod + "/operations")).To(Equal(ops))
		code, _ = c.get(prod + "/backup-sets/15")
		Expect(code).To(Equal(http.StatusOK))
	})

	It("masks client secrets everywhere", func() {
		for _, path := range []string{prod + "/provider-connections/61", prod + "/provider-connections/61/edit", prod + "/provider-connections"} {
			_, body := c.get(path)
			Expect(body).NotTo(ContainSubstring("fx-secret"), path)
		}
	})
})

var _ = Describe("fixture control endpoints", func() {
	It("refuse non-loopback peers", func() {
		app, err := fixtureapp.New(fixtureapp.Options{})
		Expect(err).NotTo(HaveOccurred())
		for _, path := range []string{"/__fixture/reset", "/__fixture/stats"} {
			req := httptest.NewRequest(http.MethodPost, path, nil)
			req.RemoteAddr = "10.1.2.3:4567"
			rec := httptest.NewRecorder()
			app.ServeHTTP(rec, req)
			Expect(rec.Code).To(Equal(http.StatusForbidden))
		}
	})
})

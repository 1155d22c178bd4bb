package driver_test

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	. "github.com/onsi/gomega/gstruct"

	"github.com/proofrun/proofrun/internal/driver"
	"github.com/proofrun/proofrun/internal/monitor"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/redact"
	"github.com/proofrun/proofrun/internal/scenario"
)

var _ = Describe("Run", func() {
	It("proves a clean page and records the steps and the status", func() {
		out, art := run(scen("", visit("/clean.html"), see("Everything is fine."),
			step("screenshot", &driver.ScreenshotArgs{Name: "clean"}, "clean")))
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		Expect(out.Findings).To(BeEmpty())
		Expect(out.Observed).To(Equal(200))
		Expect(out.Steps).To(HaveEach(MatchFields(IgnoreExtras, Fields{"Status": Equal("passed")})))
		Expect(out.Steps[1].Text).To(Equal("see: Everything is fine."))
		Expect(art.names).To(Equal([]string{"clean"}))
		Expect(out.Evidence).To(Equal([]string{"screenshots/1-clean.png"}))
	})

	DescribeTable("fails a page with a monitor finding of the right kind",
		func(path, kind string) {
			out, art := run(scen("", visitStatus(path, 0), see("page")))
			Expect(out.Result).To(Equal(proof.Failed))
			Expect(out.Findings).To(ContainElement(MatchFields(IgnoreExtras, Fields{
				"Kind": Equal(kind), "Step": HavePrefix("1 visit: "),
			})))
			Expect(out.Reason).To(ContainSubstring(kind))
			Expect(out.FailingStep).To(HavePrefix("1 visit: "))
			Expect(art.names).To(ContainElement("failure"))
		},
		Entry("console.error", "/console.html", monitor.Console),
		Entry("uncaught exception", "/exception.html", monitor.Exception),
		Entry("unhandled rejection", "/rejection.html", monitor.Rejection),
		Entry("XHR answered 500", "/xhr500.html", monitor.HTTP),
	)

	It("fails a document answered 500, on its status and its finding", func() {
		out, _ := run(scen("", visit("/status/500")))
		Expect(out.Result).To(Equal(proof.Failed))
		Expect(out.Reason).To(ContainSubstring("answered 500, expected 2xx"))
		Expect(out.Observed).To(Equal(500))
		Expect(out.Findings).To(ContainElement(MatchFields(IgnoreExtras, Fields{"Kind": Equal(monitor.HTTP), "Status": Equal(500)})))
		Expect(out.Steps[0].Screenshot).NotTo(BeEmpty())
	})

	It("does not fail on an allow-listed message", func() {
		sc := scen("", visit("/console.html"), see("console page"))
		sc.Allow = scenario.Allow{Console: []string{"^boom in"}}
		out, _ := run(sc)
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
	})

	It("gives each scenario a fresh context: no cookies or storage from the one before", func() {
		for range 3 {
			out, _ := run(scen("", visit("/leftovers.html"), see("cookie=[] storage=[]")))
			Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		}
	})

	It("proves a 404 page with visit status 404", func() {
		out, _ := run(scen("", visitStatus("/no-such-page", 404)))
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		Expect(out.Observed).To(Equal(404))
	})

	It("records the observed status of a matrix check that mismatches", func() {
		sc := scen("", visitStatus("/clean.html", 404))
		sc.Matrix = &proof.MatrixCell{Matrix: "m", Case: "clean", Expected: 404}
		out, _ := run(sc)
		Expect(out.Result).To(Equal(proof.Failed))
		Expect(out.Reason).To(ContainSubstring("answered 200, expected 404"))
		Expect(out.Observed).To(Equal(200))
		Expect(sc.Matrix.Observed).To(BeZero(), "the plan is shared by the workers: the outcome carries it")
	})

	It("fails a step that times out, naming it, and runs no further", func() {
		out, _ := run(scen("", visit("/clean.html"), see("Never shown"), see("Everything")), brief)
		Expect(out.Result).To(Equal(proof.Failed))
		Expect(out.Reason).To(HavePrefix("timed out after 3s: "))
		Expect(out.FailingStep).To(Equal("2 see: Never shown (t.yaml:1)"))
		Expect(out.Steps[2].Status).To(Equal("skipped"))
	})

	It("reports a page that does not load in time as an error waiting on the target, not a failed proof", func() {
		out, _ := run(scen("", visit("/clean.html"), visit("/hang"), see("Everything")), brief)
		Expect(out.Result).To(Equal(proof.Error))
		Expect(out.Reason).To(Equal("the page /hang did not load within the step timeout 3s (waiting on the target)"))
		Expect(out.FailingStep).To(Equal("2 visit: /hang (t.yaml:1)"))
		Expect(out.Steps[2].Status).To(Equal("skipped"))
	})

	It("reports a check that ran out of time while an update went unanswered as an error, not a failed proof", func() {
		out, _ := run(scen("", visit("/poll-hangs.html"), see("Never shown")), brief)
		Expect(out.Result).To(Equal(proof.Error))
		Expect(out.Reason).To(Equal("a request to the target did not answer within the step timeout 3s (waiting on the target)"))
	})

	It("ends a scenario at its own timeout", func() {
		// No visit: nothing waits on the target, however busy the machine.
		b := browser.With(func(o *driver.Options) { o.ScenarioTimeout = 1500 * time.Millisecond })
		out, _ := run(scen("", see("Never shown")), b)
		Expect(out.Result).To(Equal(proof.Failed))
		Expect(out.Reason).To(Equal("scenario timed out after 1.5s"))
	})

	It("ends at once as interrupted when its context is cancelled", func() {
		ctx, cancel := context.WithCancel(context.Background())
		go func() { time.Sleep(500 * time.Millisecond); cancel() }()
		out := browser.Run(ctx, scen("", visit("/clean.html"), see("Never shown")), &shots{})
		Expect(out.Result).To(Equal(proof.Error))
		Expect(out.Reason).To(Equal("interrupted"))
		Expect(out.Interrupted).To(BeTrue())
		Expect(out.BrowserLost).To(BeFalse())
	})

	It("reports an unreachable target as an infrastructure error naming the URL", func() {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		Expect(err).NotTo(HaveOccurred())
		dead := "http://" + l.Addr().String()
		Expect(l.Close()).To(Succeed())
		out, _ := run(scen("", visit(dead+"/x")))
		Expect(out.Result).To(Equal(proof.Error))
		Expect(out.Reason).To(ContainSubstring("target unreachable: " + dead + "/x: net::ERR_CONNECTION_REFUSED"))
		Expect(out.BrowserLost).To(BeFalse())
	})

	It("expands secrets and count results, and masks the secrets", func() {
		Expect(os.Setenv("DRIVER_TEST_SECRET", "Everything is fine")).To(Succeed())
		DeferCleanup(os.Unsetenv, "DRIVER_TEST_SECRET")
		out, _ := run(scen("", visit("/clean.html"), see("{{ secret.DRIVER_TEST_SECRET }}."),
			count(".item", "items"), see("{{ secret.DRIVER_TEST_SECRET }} {{ items }}")), brief)
		Expect(out.Result).To(Equal(proof.Failed))
		Expect(out.Steps[1].Text).To(Equal("see: " + redact.Mask + "."))
		Expect(out.Reason).To(Equal("timed out after 3s: \"" + redact.Mask + " 2\" is not on the page"))
	})

	It("masks secrets in screenshots, and puts the page back after", func() {
		Expect(os.Setenv("DRIVER_TEST_SECRET", "s3cr3t-value-42")).To(Succeed())
		DeferCleanup(os.Unsetenv, "DRIVER_TEST_SECRET")
		shot := step("screenshot", &driver.ScreenshotArgs{Name: "page"}, "page")
		out, art := run(scen("", visit("/secret.html"), see("{{ secret.DRIVER_TEST_SECRET }}"), shot,
			see("Client secret: {{ secret.DRIVER_TEST_SECRET }}")))
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		masked, want := run(scen("", visit("/secret-masked.html"), shot))
		Expect(masked.Result).To(Equal(proof.Proven), masked.Reason)
		Expect(art.pngs).To(HaveLen(1))
		Expect(want.pngs).To(HaveLen(1))
		Expect(art.pngs[0]).To(Equal(want.pngs[0]), "the screenshot differs from the page with the secret masked")
	})

	It("fails a step whose secret is not set", func() {
		out, _ := run(scen("", see("{{ secret.DRIVER_TEST_UNSET }}")))
		Expect(out.Result).To(Equal(proof.Failed))
		Expect(out.Reason).To(ContainSubstring("secret DRIVER_TEST_UNSET is not set"))
	})

	It("checks statuses of direct requests with the context's cookies", func() {
		out, _ := run(scen("owner",
			step("request", &driver.RequestArgs{Path: "/admin/runs"}, "{path: /admin/runs}"),
			step("request", &driver.RequestArgs{Path: "/no-such-page", Status: 404}, "{path: /no-such-page, status: 404}")))
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		Expect(out.Observed).To(Equal(404))
		out, art := run(scen("", step("request", &driver.RequestArgs{Path: "/admin/runs"}, "{path: /admin/runs}")))
		Expect(out.Result).To(Equal(proof.Failed))
		Expect(out.Reason).To(ContainSubstring("GET /admin/runs answered 302, expected 2xx"))
		By("recording the request the step sent, outside the page, in the trace")
		Expect(art.traces).To(HaveLen(1))
		var rec proof.Trace
		Expect(json.Unmarshal(art.traces[0], &rec)).To(Succeed())
		Expect(rec.Requests).To(ContainElement(MatchFields(IgnoreExtras, Fields{
			"Step": HavePrefix("1 request"), "Method": Equal("GET"), "URL": HaveSuffix("/admin/runs"),
			"Status": Equal(302), "Initiator": Equal(monitor.SentInitiator),
		})))
	})

	It("checks the location", func() {
		out, _ := run(scen("", visit("/clean.html"),
			step("expect", &driver.ExpectArgs{URL: "/clean", Title: "clean"}, "{url: /clean}"),
			step("expect", &driver.ExpectArgs{URL: `/\/clean\.html$/`}, "{url: regex}")))
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
	})

	It("sets Chromium's own user agent without Headless and the configured viewport", func() {
		out, _ := run(scen("", visit("/browser.html"), see("viewport 1280x800"), see("Chrome/"), dontSee("Headless")))
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
	})

	It("has an executor for every step kind but include", func() {
		for _, kind := range scenario.StepKinds() {
			Expect(driver.HasExecutor(kind)).To(Equal(kind != "include"), kind)
		}
	})
})

// A failure a timer of a click causes 300 ms after it, when the click itself
// changed nothing, fails the scenario: the click's settle wait outlasts the
// timer, so the finding is the click's, whether another step follows or not.
var _ = DescribeTable("fails a scenario on a failure that comes after a step's action",
	func(button, kind string, then []scenario.Step) {
		steps := append([]scenario.Step{visit("/late.html"), step("click", &driver.ClickArgs{Text: button}, button)}, then...)
		out, _ := run(scen("", steps...))
		Expect(out.Result).To(Equal(proof.Failed), out.Reason)
		Expect(out.Findings).To(ContainElement(MatchFields(IgnoreExtras, Fields{
			"Kind": Equal(kind), "Step": HavePrefix("2 click: "),
		})))
		Expect(out.FailingStep).To(HavePrefix("2 click: "))
	},
	Entry("console.error, the click last", "Console later", monitor.Console, nil),
	Entry("uncaught exception, the click last", "Throw later", monitor.Exception, nil),
	Entry("request answered 500, the click last", "Request later", monitor.HTTP, nil),
	Entry("failed Livewire update, the click last", "Update later", monitor.Livewire, nil),
	Entry("console.error, a see next", "Console later", monitor.Console, []scenario.Step{see("late page")}),
	Entry("failed Livewire update, a dont_see next", "Update later", monitor.Livewire, []scenario.Step{dontSee("gone")}),
)

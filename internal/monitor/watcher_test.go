package monitor_test

import (
	"context"
	"errors"
	"time"

	"github.com/go-rod/rod"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	. "github.com/onsi/gomega/gstruct"

	"github.com/proofrun/proofrun/internal/monitor"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/redact"
	"github.com/proofrun/proofrun/internal/scenario"
)

// open attaches a watcher to a fresh page, then loads path and waits for
// Livewire idle, as the driver does.
func open(path string, allow scenario.Allow) (*monitor.Watcher, *rod.Page) {
	page := newPage()
	w, err := monitor.Attach(context.Background(), page, allow, &redact.Redactor{}, 500*time.Millisecond, nil)
	Expect(err).NotTo(HaveOccurred())
	DeferCleanup(w.Close)
	w.SetStep("1 visit: " + path)
	Expect(page.Navigate(site.URL + path)).To(Succeed())
	Expect(page.WaitLoad()).To(Succeed())
	Expect(w.WaitIdle(ctxFor(5 * time.Second))).To(Succeed())
	return w, page
}

func ctxFor(d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	DeferCleanup(cancel)
	return ctx
}

func finding(kind, message string) OmegaMatcher {
	return MatchFields(IgnoreExtras, Fields{
		"Kind":    Equal(kind),
		"Message": ContainSubstring(message),
		"Step":    HavePrefix("1 visit: "),
	})
}

var _ = Describe("Watcher", func() {
	It("stays quiet on a clean page and records its document status", func() {
		w, _ := open("/clean.html", scenario.Allow{})
		Consistently(w.Findings, "300ms").Should(BeEmpty())
		Expect(w.Document()).To(MatchFields(IgnoreExtras, Fields{"Status": Equal(200), "Seq": Equal(1)}))
	})

	DescribeTable("catches each kind of failure",
		func(path, kind, message string) {
			w, _ := open(path, scenario.Allow{})
			Eventually(w.Findings).Should(ContainElement(finding(kind, message)))
		},
		Entry("console.error", "/console.html", monitor.Console, "boom in console 42"),
		Entry("uncaught exception", "/exception.html", monitor.Exception, "uncaught exception: Error: boom thrown"),
		Entry("unhandled rejection", "/rejection.html", monitor.Rejection, "unhandled rejection: Error: boom rejected"),
		Entry("fetch answered 500", "/subresource.html", monitor.HTTP, "500"),
		Entry("image answered 503 (Log domain)", "/subresource.html", monitor.HTTP, "503"),
		Entry("document answered 500", "/status/500", monitor.HTTP, "Document answered 500"),
		Entry("Livewire error dialog", "/lwerror.html", monitor.LivewireError, "Internal Server Error boom in component"),
		Entry("Filament error notification", "/notification.html", monitor.Notification, "Error while loading page"),
		Entry("JS dialog", "/dialog.html", monitor.Dialog, "confirm: This page has expired."),
	)

	It("reports a failed response once although Network and Log both see it", func() {
		w, _ := open("/subresource.html", scenario.Allow{})
		Eventually(w.Findings).Should(HaveLen(2))
		Consistently(w.Findings, "300ms").Should(HaveLen(2))
	})

	It("dismisses a JS dialog so the page goes on", func() {
		_, page := open("/dialog.html", scenario.Allow{})
		Eventually(func() string { return page.MustInfo().Title }).Should(Equal("answered false"))
	})

	It("recognises Livewire updates by the page's update URI and by the X-Livewire header", func() {
		w, page := open("/livewire.html", scenario.Allow{})
		page.MustEval(`() => update(403)`)
		page.MustEval(`() => updateWithHeader(422)`)
		page.MustEval(`() => fetch("/status/404")`) // not an update: a 404 is no finding
		Eventually(w.Findings).Should(ConsistOf(
			MatchFields(IgnoreExtras, Fields{"Kind": Equal(monitor.Livewire), "Status": Equal(403), "URL": HaveSuffix("/livewire-abc/update?status=403")}),
			MatchFields(IgnoreExtras, Fields{"Kind": Equal(monitor.Livewire), "Status": Equal(422)}),
		))
	})

	It("drops what the allow-lists name and what a step expects", func() {
		allow := scenario.Allow{
			Console: []string{`boom in \w+`},
			Status:  []scenario.StatusRule{{URL: "livewire-abc", Code: 403}, {URL: "/status/", Code: 0}},
		}
		w, page := open("/livewire.html", allow)
		page.MustEval(`() => console.error("boom in console")`)
		page.MustEval(`() => update(403)`)
		page.MustEval(`() => updateWithHeader(500)`)
		w.Expect(site.URL+"/livewire-abc/update?status=419", 419)
		page.MustEval(`() => update(419)`)
		page.MustEval(`() => update(409)`) // named by no rule
		Eventually(w.Findings).Should(ConsistOf(MatchFields(IgnoreExtras, Fields{"Status": Equal(409)})))
	})

	Describe("a failed update whose error notification arrives through a second update (Filament 4/5, debug off)", func() {
		clickRun := func(allow scenario.Allow) *monitor.Watcher {
			w, page := open("/filament4-error.html", allow)
			w.SetStep("2 click: Run now")
			page.MustElement("#run").MustClick()
			Eventually(func() bool { return page.MustHas(".fi-no-notification") }).Should(BeTrue())
			Expect(w.WaitIdle(ctxFor(10 * time.Second))).To(Succeed())
			return w
		}

		It("allows the notification with the failure the scenario allows", func() {
			w := clickRun(scenario.Allow{Status: []scenario.StatusRule{{URL: "livewire-abc", Code: 500}}})
			Consistently(w.Findings, "300ms").Should(BeEmpty())
		})

		It("reports both when the failure is not allowed", func() {
			w := clickRun(scenario.Allow{})
			Eventually(w.Findings).Should(ConsistOf(
				MatchFields(IgnoreExtras, Fields{"Kind": Equal(monitor.Livewire), "Status": Equal(500)}),
				MatchFields(IgnoreExtras, Fields{"Kind": Equal(monitor.Notification), "Step": Equal("2 click: Run now")}),
			))
		})
	})

	It("masks secrets and keeps the running step", func() {
		r := &redact.Redactor{}
		r.Add("boom in console")
		page := newPage()
		w, err := monitor.Attach(context.Background(), page, scenario.Allow{}, r, 500*time.Millisecond, nil)
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(w.Close)
		w.SetStep("4 visit: /console.html")
		page.MustNavigate(site.URL + "/console.html")
		Eventually(w.Findings).Should(ConsistOf(MatchFields(IgnoreExtras, Fields{
			"Message": Equal(redact.Mask + " 42"),
			"Step":    Equal("4 visit: /console.html"),
		})))
	})

	It("waits for Livewire idle until a delayed update has landed", func() {
		w, page := open("/idle.html", scenario.Allow{})
		page.MustElement("#go").MustClick()
		Expect(w.WaitIdle(ctxFor(5 * time.Second))).To(Succeed())
		Expect(page.MustElement("#out").MustText()).To(Equal("after"))
	})

	// A failure a timer of the click causes 300 ms later, when the click
	// itself changed nothing: the settle wait must outlast the timer, so the
	// finding is the click's.
	DescribeTable("attributes a failure a timer causes after the action to the step",
		func(button, kind, message string) {
			w, page := open("/late.html", scenario.Allow{})
			w.SetStep("2 click: " + button)
			page.MustElementR("button", "^"+button+"$").MustClick()
			Expect(w.WaitIdle(ctxFor(5 * time.Second))).To(Succeed())
			Expect(w.Findings()).To(ContainElement(MatchFields(IgnoreExtras, Fields{
				"Kind": Equal(kind), "Message": ContainSubstring(message), "Step": Equal("2 click: " + button),
			})))
		},
		Entry("console.error", "Console later", monitor.Console, "boom later"),
		Entry("uncaught exception", "Throw later", monitor.Exception, "boom later"),
		Entry("request answered 500", "Request later", monitor.HTTP, "500"),
		Entry("failed Livewire update", "Update later", monitor.Livewire, "answered 502"),
	)

	It("ends an idle wait at its deadline, saying what is busy", func() {
		w, page := open("/idle.html", scenario.Allow{})
		page.MustElement("#go").MustClick()
		err := w.WaitIdle(ctxFor(100 * time.Millisecond))
		Expect(err).To(MatchError(ContainSubstring("in flight")))
		Expect(err).To(MatchError(context.DeadlineExceeded))
		var busy *monitor.BusyError
		Expect(errors.As(err, &busy)).To(BeTrue(), "a typed wait on the target")
		Expect(busy.InFlight + busy.Pending).To(BeNumerically(">", 0))
	})

	It("rejects a bad allow-list regex", func() {
		_, err := monitor.Attach(context.Background(), newPage(), scenario.Allow{Console: []string{"("}}, nil, time.Second, nil)
		Expect(err).To(MatchError(ContainSubstring(`allow.console "("`)))
	})
})

var _ = proof.Finding{} // the type the matchers above inspect

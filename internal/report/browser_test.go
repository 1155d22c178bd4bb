package report_test

import (
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/chromium"
	"github.com/proofrun/proofrun/internal/report"
)

// The report as a reviewer opens it: from disk, in real Chromium.
var _ = Describe("index.html in Chromium", Ordered, func() {
	var (
		browser *rod.Browser
		url     string
	)

	BeforeAll(func() {
		dir := fixtureRun()
		Expect(report.Build(dir, report.Options{})).To(Succeed())
		abs, err := filepath.Abs(filepath.Join(dir, "index.html"))
		Expect(err).NotTo(HaveOccurred())
		url = "file://" + abs

		l := chromium.Launcher(chromium.Bin).NoSandbox(true)
		control, err := l.Launch()
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(l.Cleanup) // removes the user-data dir, after Kill
		DeferCleanup(l.Kill)
		browser = rod.New().ControlURL(control)
		Expect(browser.Connect()).To(Succeed())
		DeferCleanup(browser.Close)
	})

	// open loads the report with fragment and records every console error,
	// uncaught exception and browser log error (CSP violations land there).
	open := func(fragment string) (*rod.Page, func() []string) {
		page, err := browser.Page(proto.TargetCreateTarget{})
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(page.Close)
		page = page.Timeout(20 * time.Second)
		var mu sync.Mutex
		var problems []string
		note := func(s string) { mu.Lock(); problems = append(problems, s); mu.Unlock() }
		Expect(proto.RuntimeEnable{}.Call(page)).To(Succeed())
		Expect(proto.LogEnable{}.Call(page)).To(Succeed())
		go page.EachEvent(func(e *proto.RuntimeConsoleAPICalled) {
			if e.Type == proto.RuntimeConsoleAPICalledTypeError {
				note("console: " + page.MustObjectsToJSON(e.Args).String())
			}
		}, func(e *proto.RuntimeExceptionThrown) {
			note("exception: " + e.ExceptionDetails.Text)
		}, func(e *proto.LogEntryAdded) {
			if e.Entry.Level == proto.LogLogEntryLevelError {
				note("log: " + e.Entry.Text)
			}
		})()
		Expect(page.Navigate(url + fragment)).To(Succeed())
		Expect(page.WaitLoad()).To(Succeed())
		return page, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), problems...) }
	}

	visibleIDs := func(page *rod.Page) []string {
		var ids []string
		Expect(page.MustEval(`() => [...document.querySelectorAll('details.scenario')].filter(e => e.offsetParent !== null).map(e => e.id)`).Unmarshal(&ids)).To(Succeed())
		return ids
	}

	It("renders the verdict and the proof map without console errors, and filters", func() {
		page, problems := open("")
		verdict := page.MustElement("#verdict .verdict-word")
		Expect(verdict.MustVisible()).To(BeTrue())
		Expect(verdict.MustText()).To(Equal("FAIL"))
		Expect(page.MustElement("#proof-map table.map").MustVisible()).To(BeTrue())
		Expect(page.MustElement("#req-FR-401-099").MustText()).To(ContainSubstring("Missing proof"))
		Expect(page.MustElement("#f-count").MustText()).To(Equal("15 of 15 scenarios"), "the report's script ran under its CSP")

		page.MustElement("#f-domain").MustSelect("backup")
		Expect(visibleIDs(page)).To(ConsistOf("backup-archive-expired", "backup-run-now-cancel", "backup-run-now-confirm"))

		page.MustElement("#f-domain").MustSelect("all")
		page.MustElement("#f-q").MustInput("run now")
		Expect(visibleIDs(page)).To(ConsistOf("backup-run-now-cancel", "backup-run-now-confirm"))

		page.MustElement("#f-q").MustSelectAllText().MustInput("")
		page.MustElement("#f-result").MustSelect("failed")
		Expect(visibleIDs(page)).To(ConsistOf("restore-stale-preview-blocked", "authz-backup-sets/outsider/backup-set-detail"))

		Expect(problems()).To(BeEmpty())
	})

	It("shows hostile row data as text and never runs it", func() {
		page, problems := open("")
		Expect(page.MustEval(`() => typeof window.__xss`).Str()).To(Equal("undefined"))
		Expect(page.MustElement("#failures").MustText()).To(ContainSubstring(`<img src=x onerror="window.__xss=1">`))
		Expect(problems()).To(BeEmpty())
	})

	It("opens and scrolls to the scenario a deep link names, even behind a filter", func() {
		page, problems := open("#action-context-first-click")
		inView := `id => { const e = document.getElementById(id); const r = e.getBoundingClientRect(); return e.open && r.height > 0 && r.top >= 0 && r.top < innerHeight }`
		Expect(page.MustEval(inView, "action-context-first-click").Bool()).To(BeTrue())

		page.MustElement("#f-domain").MustSelect("backup")
		page.MustEval(`() => { location.hash = '#restore-preview-allowed' }`)
		Eventually(func() bool { return page.MustEval(inView, "restore-preview-allowed").Bool() }).Should(BeTrue())
		Expect(visibleIDs(page)).To(HaveLen(15), "the filter that hid it was cleared")
		Expect(problems()).To(BeEmpty())
	})

	It("opens a screenshot in a lightbox", func() {
		page, problems := open("")
		page.MustElement("#failures a.shot").MustClick()
		Expect(page.MustElement("#lightbox").MustVisible()).To(BeTrue())
		Eventually(func() int { return page.MustEval(`() => document.getElementById('lightbox-img').naturalWidth`).Int() }).Should(Equal(16))
		page.MustElement("#lightbox").MustClick()
		Expect(page.MustEval(`() => document.getElementById('lightbox').hidden`).Bool()).To(BeTrue())
		Expect(strings.Join(problems(), "\n")).To(BeEmpty())
	})
})

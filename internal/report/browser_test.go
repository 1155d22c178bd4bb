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

		browser = startChromium()
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
		Expect(page.MustElement("#f-count").MustText()).To(Equal("16 of 16 scenarios"), "the report's script ran under its CSP")

		page.MustElement("#f-domain").MustSelect("backup")
		Expect(visibleIDs(page)).To(ConsistOf("backup-archive-expired", "backup-run-now-cancel", "backup-run-now-confirm"))

		page.MustElement("#f-domain").MustSelect("all")
		page.MustElement("#f-q").MustInput("run now")
		Expect(visibleIDs(page)).To(ConsistOf("backup-run-now-cancel", "backup-run-now-confirm"))

		page.MustElement("#f-q").MustSelectAllText().MustInput("")
		page.MustElement("#f-result").MustSelect("failed")
		Expect(visibleIDs(page)).To(ConsistOf("restore-stale-preview-blocked", "authz-backup-sets/outsider/backup-set-detail", "authz-backup-sets/outsider/backup-set-items"))

		Expect(problems()).To(BeEmpty())
	})

	It("keeps the filters in the URL: restored on reload, shareable, undone by the back button", func() {
		page, problems := open("")
		page.MustElement("#f-domain").MustSelect("backup")
		page.MustElement("#f-q").MustInput("run now")
		Expect(page.MustInfo().URL).To(HaveSuffix("index.html?domain=backup&q=run+now"))
		want := []string{"backup-run-now-cancel", "backup-run-now-confirm"}
		Expect(visibleIDs(page)).To(ConsistOf(want))

		page.MustReload().MustWaitLoad()
		Expect(page.MustElement("#f-domain").MustProperty("value").Str()).To(Equal("backup"))
		Expect(page.MustElement("#f-q").MustProperty("value").Str()).To(Equal("run now"))
		Expect(visibleIDs(page)).To(ConsistOf(want))

		shared, _ := open("?result=failed&domain=restore")
		Expect(visibleIDs(shared)).To(ConsistOf("restore-stale-preview-blocked"))

		// One entry for the search however many keystrokes, one before it
		// for the domain.
		page.MustNavigateBack()
		Eventually(func() string { return page.MustElement("#f-q").MustProperty("value").Str() }).Should(BeEmpty())
		Expect(page.MustElement("#f-domain").MustProperty("value").Str()).To(Equal("backup"))
		Expect(visibleIDs(page)).To(HaveLen(3))
		page.MustNavigateBack()
		Eventually(func() []string { return visibleIDs(page) }).Should(HaveLen(16))
		Expect(problems()).To(BeEmpty())
	})

	It("narrows the proof map to the requirements that need action, provable ones first", func() {
		page, problems := open("")
		rows := func() []string {
			var ids []string
			Expect(page.MustEval(`() => [...document.querySelectorAll('#proof-map tr[id]')].filter(e => e.checkVisibility()).map(e => e.id)`).Unmarshal(&ids)).To(Succeed())
			return ids
		}
		Expect(rows()).To(HaveLen(9), "the not-browser-provable row starts collapsed")
		Expect(rows()[0]).To(Equal("req-FR-401-010"), "provable requirements come first")
		Expect(page.MustElement("#not-browser-provable").MustText()).To(ContainSubstring("Not browser-provable: 1 requirement"))
		Expect(page.MustElements("#proof-map > table.map thead th")).To(HaveLen(3), "states are listed in a cell, not a column each")

		page.MustElement("#f-problems").MustClick()
		Expect(rows()).To(ConsistOf("req-FR-401-010", "req-FR-401-012", "req-FR-401-013", "req-FR-401-030", "req-FR-401-099", "req-FR-402-020", "req-FR-363-009"))
		Expect(page.MustInfo().URL).To(HaveSuffix("?problems=1"))

		page.MustReload().MustWaitLoad()
		Expect(rows()).To(HaveLen(7), "the switch is kept in the URL")

		page.MustEval(`() => { location.hash = '#req-FR-401-004' }`)
		Eventually(rows).Should(ContainElement("req-FR-401-004"), "a deep link to a hidden row shows it")
		Expect(problems()).To(BeEmpty())
	})

	It("groups the failed cells of a matrix into one card", func() {
		page, problems := open("")
		cards := page.MustElements("#failures article")
		Expect(cards).To(HaveLen(3), "the stale preview, the broken matrix and nothing per cell")
		group := page.MustElement("#failed-authz-backup-sets")
		Expect(group.MustText()).To(ContainSubstring("2 of 5 cells did not pass"))
		Expect(group.MustElements("tbody tr")).To(HaveLen(2))
		Expect(group.MustElement("tbody tr").MustText()).To(ContainSubstring("outsider"))
		group.MustElement("tbody a").MustClick()
		Eventually(func() bool {
			return page.MustEval(`() => document.getElementById('authz-backup-sets/outsider/backup-set-detail').classList.contains('target')`).Bool()
		}).Should(BeTrue())
		Expect(problems()).To(BeEmpty())
	})

	It("shows each attempt of a flaky scenario as a tab with its own evidence", func() {
		page, problems := open("#backup-run-now-cancel")
		card := page.MustElement("#backup-run-now-cancel")
		tabs := card.MustElements("[role=tab]")
		Expect(tabs).To(HaveLen(2))
		Expect(tabs[0].MustText()).To(Equal("Attempt 1 · failed"))
		Expect(tabs[1].MustText()).To(Equal("Attempt 2 · flaky"))
		panels := card.MustElements("[role=tabpanel]")
		Expect(panels[0].MustVisible()).To(BeFalse())
		Expect(panels[1].MustVisible()).To(BeTrue(), "the attempt the result comes from is shown first")

		tabs[0].MustClick()
		Expect(panels[0].MustVisible()).To(BeTrue())
		Expect(panels[1].MustVisible()).To(BeFalse())
		Expect(panels[0].MustText()).To(ContainSubstring("runs_after is 1, runs_before is 0"))
		Expect(panels[0].MustText()).To(ContainSubstring("server error"))
		Expect(panels[0].MustElement("a.shot").MustAttribute("href")).To(HaveValue(Equal("screenshots/backup-run-now-cancel/01-attempt-1-failure.png")))
		Expect(tabs[0].MustAttribute("aria-selected")).To(HaveValue(Equal("true")))
		Expect(problems()).To(BeEmpty())
	})

	It("links the run's other reports", func() {
		page, problems := open("")
		var hrefs []string
		Expect(page.MustEval(`() => [...document.querySelectorAll('a.file')].map(a => a.getAttribute('href'))`).Unmarshal(&hrefs)).To(Succeed())
		Expect(hrefs).To(Equal([]string{"junit.xml", "proof.jsonl", "proof-map.md", "summary.json"}))
		Expect(problems()).To(BeEmpty())
	})

	It("fits a 390 px phone: no element wider than the screen, no squeezed cards", func() {
		page, problems := open("")
		Expect(proto.EmulationSetDeviceMetricsOverride{Width: 390, Height: 844, DeviceScaleFactor: 2, Mobile: true}.Call(page)).To(Succeed())
		page.MustEval(`() => document.querySelectorAll('details').forEach(d => { d.open = true })`)
		var wide []string
		Expect(page.MustEval(`() => [...document.querySelectorAll('body *')].filter(e => {
			const r = e.getBoundingClientRect();
			return r.width > 0 && (r.left < -0.5 || r.right > 390.5);
		}).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))`).Unmarshal(&wide)).To(Succeed())
		Expect(wide).To(BeEmpty())
		Expect(page.MustEval(`() => document.documentElement.scrollWidth`).Int()).To(BeNumerically("<=", 390))
		// A card's text gets most of the width, not a one-character column.
		for _, sel := range []string{"#failures .failure .title", "#restore-stale-preview-blocked .why", "#proof-map tr[id] .summary"} {
			Expect(page.MustElement(sel).MustEval(`() => this.getBoundingClientRect().width`).Num()).To(BeNumerically(">", 200), sel)
		}
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
		Expect(visibleIDs(page)).To(HaveLen(16), "the filter that hid it was cleared")
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

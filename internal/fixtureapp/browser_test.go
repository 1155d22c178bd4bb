package fixtureapp_test

import (
	"sync"
	"time"

	"github.com/go-rod/rod"
	"github.com/go-rod/rod/lib/proto"
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/chromium"
	"github.com/proofrun/proofrun/internal/fixtureapp"
)

// Real Chromium against the fixture app: the spec 363 modal contract as a
// runner sees it.
var _ = Describe("in Chromium", Ordered, func() {
	var (
		s        *fixtureapp.Server
		page     *rod.Page
		problems []string // console errors and uncaught exceptions
		mu       sync.Mutex
	)
	BeforeAll(func() {
		var err error
		s, err = fixtureapp.Start("127.0.0.1:0", fixtureapp.Options{})
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(s.Close)
		l := chromium.Launcher(chromium.Bin).NoSandbox(true)
		u, err := l.Launch()
		Expect(err).NotTo(HaveOccurred())
		DeferCleanup(func() { l.Kill(); l.Cleanup() })
		browser := rod.New().ControlURL(u)
		Expect(browser.Connect()).To(Succeed())
		DeferCleanup(browser.Close)
		page, err = browser.Page(proto.TargetCreateTarget{URL: s.URL() + "/admin/login"})
		Expect(err).NotTo(HaveOccurred())
		go page.EachEvent(func(e *proto.RuntimeConsoleAPICalled) {
			if e.Type == proto.RuntimeConsoleAPICalledTypeError {
				mu.Lock()
				problems = append(problems, "console.error")
				mu.Unlock()
			}
		}, func(e *proto.RuntimeExceptionThrown) {
			mu.Lock()
			problems = append(problems, e.ExceptionDetails.Text)
			mu.Unlock()
		})()
		page = page.Timeout(10 * time.Second)

		Expect(page.WaitLoad()).To(Succeed())
		email, err := page.Element(`[id="form.email"]`)
		Expect(err).NotTo(HaveOccurred())
		Expect(email.Input("owner@contoso.test")).To(Succeed())
		password, err := page.Element(`[id="form.password"]`)
		Expect(err).NotTo(HaveOccurred())
		Expect(password.Input("proof-owner-pw")).To(Succeed())
		btn, err := page.ElementR("button", "Sign in")
		Expect(err).NotTo(HaveOccurred())
		wait := page.WaitNavigation("load")
		Expect(btn.Click("left", 1)).To(Succeed())
		wait()
		Expect(page.MustInfo().URL).To(HaveSuffix("/environments/contoso-prod"))
	})

	operations := func() int {
		Expect(page.Navigate(s.URL() + prod + "/operations")).To(Succeed())
		Expect(page.WaitLoad()).To(Succeed())
		rows, err := page.Elements(".fi-ta-row")
		Expect(err).NotTo(HaveOccurred())
		return len(rows)
	}

	// openModal clicks the action once and waits for the open modal's window.
	openModal := func(label string) *rod.Element {
		Expect(page.Navigate(s.URL() + prod)).To(Succeed())
		Expect(page.WaitLoad()).To(Succeed())
		btn, err := page.ElementR(".fi-header-actions button", label)
		Expect(err).NotTo(HaveOccurred())
		Expect(btn.Click("left", 1)).To(Succeed())
		win, err := page.Element(".fi-modal-open .fi-modal-window")
		Expect(err).NotTo(HaveOccurred())
		Expect(win.WaitVisible()).To(Succeed())
		heading, err := page.Element(".fi-modal-open .fi-modal-heading")
		Expect(err).NotTo(HaveOccurred())
		Expect(heading.Text()).To(Equal(label))
		return win
	}

	It("opens the modal on the first click, and Cancel closes it creating nothing", func() {
		before := operations()
		win := openModal("Run inventory sync")
		cancelBtn, err := win.ElementR(".fi-modal-footer-actions button", "Cancel")
		Expect(err).NotTo(HaveOccurred())
		Expect(cancelBtn.Click("left", 1)).To(Succeed())
		Eventually(func() bool { return page.MustHas(".fi-modal-open") || page.MustHas("[aria-busy]") }).Should(BeFalse())
		Expect(operations()).To(Equal(before))
	})

	It("creates one OperationRun on Confirm, visible on the Operations page", func() {
		before := operations()
		win := openModal("Run inventory sync")
		confirm, err := win.Element(`.fi-modal-footer-actions button[type="submit"]`)
		Expect(err).NotTo(HaveOccurred())
		Expect(confirm.Text()).To(Equal("Run sync"))
		Expect(confirm.Click("left", 1)).To(Succeed())
		note, err := page.ElementR(".fi-no-notification-title", "Inventory sync queued")
		Expect(err).NotTo(HaveOccurred())
		Expect(note.Visible()).To(BeTrue())
		Expect(page.MustHas(".fi-modal-open")).To(BeFalse())
		Expect(operations()).To(Equal(before + 1))
		_, err = page.ElementR(".fi-ta-row", "Inventory sync")
		Expect(err).NotTo(HaveOccurred())
	})

	It("runs the client script without console errors or exceptions", func() {
		Expect(page.Navigate(s.URL() + lab)).To(Succeed())
		Expect(page.WaitLoad()).To(Succeed())
		mu.Lock()
		defer mu.Unlock()
		Expect(problems).To(BeEmpty())
	})

	It("shows the error dialog on a failed update", func() {
		Expect(page.Navigate(s.URL() + prod)).To(Succeed())
		Expect(page.WaitLoad()).To(Succeed())
		// A tampered snapshot is refused (400): the client must surface it.
		_, err := page.Eval(`() => document.querySelector('[wire\\:id]').setAttribute('wire:snapshot', '{}')`)
		Expect(err).NotTo(HaveOccurred())
		btn, err := page.ElementR(".fi-header-actions button", "Sync groups")
		Expect(err).NotTo(HaveOccurred())
		Expect(btn.Click("left", 1)).To(Succeed())
		dialog, err := page.Element("dialog#livewire-error iframe")
		Expect(err).NotTo(HaveOccurred())
		Expect(dialog.WaitVisible()).To(Succeed())
	})
})

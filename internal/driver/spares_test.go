package driver_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/driver"
	"github.com/proofrun/proofrun/internal/monitor"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/scenario"
)

var _ = Describe("Spare tabs", func() {
	var b *driver.Browser
	BeforeEach(func() {
		b = browser.With(func(o *driver.Options) { o.Spares = 2 })
		DeferCleanup(b.Close)
		Eventually(b.SparesReady, "10s", "50ms").Should(Equal(2), "spares open ahead of any scenario")
	})

	It("serve scenarios with their own allow-lists, and are opened again", func() {
		allowed := scen("", visit("/console.html"), see("console page"))
		allowed.Allow = scenario.Allow{Console: []string{"^boom in"}}
		out, _ := run(allowed, b)
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)

		// The next spare must not inherit the allow-list of the one before.
		out, _ = run(scen("", visit("/console.html"), see("console page")), b)
		Expect(out.Result).To(Equal(proof.Failed))
		Expect(out.Findings).To(ContainElement(HaveField("Kind", monitor.Console)))

		Eventually(b.SparesReady, "10s", "50ms").Should(Equal(2))
	})

	It("serve actors' scenarios: the session's cookies reach a tab opened before", func() {
		for range 3 {
			out, _ := run(scen("owner", visit("/admin"), see("Welcome Olivia Owner")), b)
			Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		}
	})

	It("share no cookies or storage between scenarios", func() {
		for range 3 {
			out, _ := run(scen("", visit("/leftovers.html"), see("cookie=[] storage=[]")), b)
			Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		}
	})
})

package driver_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/driver"
	"github.com/proofrun/proofrun/internal/proof"
)

var _ = Describe("Actors", func() {
	var b *driver.Browser
	var sessions *driver.Sessions
	BeforeEach(func() {
		sessions = driver.NewSessions()
		// No spec here waits a step out: a generous step timeout carries a
		// busy machine at no cost.
		b = browser.With(func(o *driver.Options) { o.Sessions, o.StepTimeout = sessions, 20*time.Second })
	})

	// logins counts the target's successful logins during the spec.
	logins := func() func(email string) int {
		before := app.Logins()
		return func(email string) int { return app.Logins()[email] - before[email] }
	}

	It("logs each actor in once and reuses its cookies in fresh contexts", func() {
		count := logins()
		for range 2 {
			out, _ := run(scen("owner", visit("/admin"), see("Welcome Olivia Owner")), b)
			Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		}
		out, _ := run(scen("readonly", visit("/admin"), see("Welcome Rita Readonly")), b)
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		Expect(count("owner@contoso.test")).To(Equal(1))
		Expect(count("readonly@contoso.test")).To(Equal(1))
		Expect(sessions.Logins()).To(Equal(map[string]int{"owner": 1, "readonly": 1}))
	})

	It("runs an anonymous scenario without a session", func() {
		out, _ := run(scen("", visit("/admin"), step("expect", &driver.ExpectArgs{URL: "/admin/login"}, "{url: /admin/login}")), b)
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		Expect(sessions.Logins()).To(BeEmpty())
	})

	It("reports a refused login with the page's message, not a timeout", func() {
		out, _ := run(scen("intruder", visit("/admin")), b)
		Expect(out.Result).To(Equal(proof.Error))
		Expect(out.Reason).To(Equal("login of actor intruder at " + app.URL + "/admin/login failed: These credentials do not match our records."))
		Expect(out.Reason).NotTo(ContainSubstring("wrong-secret-pw"))
	})

	It("renews an expired session once", func() {
		count := logins()
		out, _ := run(scen("owner", visit("/admin")), b)
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		app.ExpireSessions()
		out, _ = run(scen("owner", visit("/admin"), see("Welcome Olivia Owner")), b)
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		Expect(count("owner@contoso.test")).To(Equal(2))
	})

	It("renews an expired session once for a direct request too", func() {
		count := logins()
		out, _ := run(scen("owner", visit("/admin")), b)
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		before := count("owner@contoso.test")
		app.ExpireSessions()
		out, _ = run(scen("owner", step("request", &driver.RequestArgs{Path: "/admin/runs"}, "{path: /admin/runs}")), b)
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		Expect(out.Observed).To(Equal(200))
		Expect(count("owner@contoso.test")).To(Equal(before + 1))
	})

	It("reports a session that expires again after its renewal", func() {
		out, _ := run(scen("owner", visit("/admin"), visit("/__expire"), visit("/admin"), see("Welcome Olivia Owner"),
			visit("/__expire"), visit("/admin")), b)
		Expect(out.Result).To(Equal(proof.Failed), out.Reason)
		Expect(out.Reason).To(Equal("the session of actor owner expired again: /admin redirected to " + app.URL + "/admin/login"))
	})

	It("reports a login whose landing page does not load in time as an error naming the phase, with the login tab's screenshot", func() {
		slow := b.With(func(o *driver.Options) { o.LoginTimeout = 10 * time.Second })
		out, art := run(scen("slowpoke", visit("/admin")), slow)
		Expect(out.Result).To(Equal(proof.Error))
		Expect(out.Reason).To(Equal("login of actor slowpoke: the landing page /hang did not load within 10s"))
		Expect(art.names).To(Equal([]string{"login-failure"}), "the login tab, not the scenario's blank one")
		Expect(out.Evidence).To(HaveLen(1))
	})

	It("gives a login its own budget, longer than a step's", func() {
		// A 5s step; the slow landing page is cut off by the 15s login
		// budget, not by the step's. The budget is generous so that the
		// phases before the landing fit in it on a busy machine.
		slow := b.With(func(o *driver.Options) { o.StepTimeout, o.LoginTimeout = 5*time.Second, 15*time.Second })
		start := time.Now()
		out, _ := run(scen("", visit("/clean.html"), step("login", &driver.LoginArgs{Name: "slowpoke"}, "slowpoke")), slow)
		Expect(out.Result).To(Equal(proof.Error))
		Expect(out.Reason).To(Equal("login of actor slowpoke: the landing page /hang did not load within 15s"))
		Expect(time.Since(start)).To(BeNumerically(">=", 15*time.Second))
	})

	It("logs in explicitly with login and switches sessions with actor", func() {
		count := logins()
		out, _ := run(scen("",
			step("login", &driver.LoginArgs{Name: "owner"}, "owner"), visit("/admin"), see("Welcome Olivia Owner"),
			step("actor", &driver.ActorArgs{Name: "readonly"}, "readonly"), visit("/admin"), see("Welcome Rita Readonly"),
			step("actor", &driver.ActorArgs{Name: "owner"}, "owner"), visit("/admin"), see("Welcome Olivia Owner")), b)
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		Expect(count("owner@contoso.test")).To(Equal(1), "actor: owner reuses the login: step's session")
		Expect(sessions.Logins()).To(Equal(map[string]int{"owner": 1, "readonly": 1}))
	})
})

package driver_test

import (
	"encoding/json"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	. "github.com/onsi/gomega/gstruct"

	"github.com/proofrun/proofrun/internal/driver"
	"github.com/proofrun/proofrun/internal/monitor"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/scenario"
)

var _ = Describe("Filament and Livewire steps", func() {
	const runs = "/admin/runs"

	It("asserts action states without clicking", func() {
		out, _ := run(scen("owner", visit(runs),
			act("New run", "", "enabled"), act("Archive", "", "disabled"),
			act("Purge", "", "hidden"), act("Nonexistent", "", "hidden"),
			act("Restore", "Run 2", "enabled"),
			modalClosed()))
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
	})

	DescribeTable("fails a wrong action state at once, saying what it is",
		func(label, expect, reason string) {
			out, _ := run(scen("owner", visit(runs), act(label, "", expect)))
			Expect(out.Result).To(Equal(proof.Failed))
			Expect(out.Reason).To(Equal(reason))
		},
		Entry("disabled, expected enabled", "Archive", "enabled", `action "Archive" is disabled, expected enabled`),
		Entry("enabled, expected hidden", "New run", "hidden", `action "New run" is enabled, expected hidden`),
	)

	It("opens a modal on the first click and confirms it by its submit button, whatever its label", func() {
		out, _ := run(scen("owner", visit(runs), count(".fi-ta-row", "before"),
			act("Restore", "Run 2", ""), modalOpen("Restore Run 2?"),
			confirm(), modalClosed(), see("Run 2 restored"),
			count(".fi-ta-row", "after"), assert("after == before + 1")))
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		Expect(out.Findings).To(BeEmpty())
	})

	It("cancels a modal by its closing footer button", func() {
		out, _ := run(scen("owner", visit(runs), count(".fi-ta-row", "before"),
			act("Restore", "Run 1", ""), modalOpen("Restore Run 1?"),
			cancel(), modalClosed(), dontSee("restored"),
			count(".fi-ta-row", "after"), assert("after == before")))
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
	})

	It("fails a first click that opens nothing", func() {
		out, _ := run(scen("owner", visit(runs), act("Broken", "", ""), modalOpen("")))
		Expect(out.Result).To(Equal(proof.Failed))
		Expect(out.Reason).To(Equal(`clicking action "Broken" changed nothing visible: no modal opened, no navigation, no change on the page`))
	})

	It("fails a modal step when no modal is open", func() {
		out, _ := run(scen("owner", visit(runs), modalOpen("Restore")), brief)
		Expect(out.Result).To(Equal(proof.Failed))
		Expect(out.Reason).To(HaveSuffix("timed out after 3s: no modal is open"))
	})

	It("fails an assert with the values", func() {
		out, _ := run(scen("owner", visit(runs), count(".fi-ta-row", "before"),
			count(".fi-ta-row", "after"), assert("after != before")))
		Expect(out.Result).To(Equal(proof.Failed))
		Expect(out.Reason).To(MatchRegexp(`^after != before: (\d+) != (\d+) is false$`))
	})

	It("fails on a Livewire update answered 500, with the error dialog", func() {
		out, _ := run(scen("owner", visit(runs), act("Crash", "", ""), see("never")))
		Expect(out.Result).To(Equal(proof.Failed))
		Expect(out.FailingStep).To(HavePrefix("2 action: Crash"))
		Expect(out.Reason).To(HavePrefix("livewire finding: Livewire update answered 500"))
		Eventually(func() []proof.Finding { return out.Findings }).Should(ContainElements(
			MatchFields(IgnoreExtras, Fields{"Kind": Equal(monitor.Livewire), "Status": Equal(500)}),
		))
	})

	It("reports the Livewire error dialog's text, unless the failed update is allowed", func() {
		sc := scen("owner", visit(runs), act("Crash", "", ""), act("New run", "", "enabled"))
		out, _ := run(sc)
		Expect(out.Findings).To(ContainElement(MatchFields(IgnoreExtras, Fields{
			"Kind": Equal(monitor.LivewireError), "Message": Equal("Internal Server Error boom in component"),
		})))
		sc.Allow = scenario.Allow{Status: []scenario.StatusRule{{URL: "livewire", Code: 500}}}
		out, _ = run(sc)
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
	})

	It("dismisses and reports a 419 page-expired confirm without hanging", func() {
		out, _ := run(scen("owner", visit(runs), act("Expire", "", ""), act("New run", "", "enabled")))
		Expect(out.Result).To(Equal(proof.Failed))
		Expect(out.Findings).To(ContainElements(
			MatchFields(IgnoreExtras, Fields{"Kind": Equal(monitor.Livewire), "Status": Equal(419)}),
			MatchFields(IgnoreExtras, Fields{"Kind": Equal(monitor.Dialog), "Message": HavePrefix("confirm: This page has expired.")}),
		))
	})

	It("invokes a component method directly and asserts the refusal", func() {
		out, _ := run(scen("owner", visit(runs),
			step("invoke", &driver.InvokeArgs{Method: "mountAction", Params: []any{"forbidden"}, Status: 403}, "{method: mountAction, status: 403}"),
			act("New run", "", "enabled")))
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		Expect(out.Observed).To(Equal(403))
		Expect(out.Findings).To(BeEmpty())
	})

	It("fails an invoke answered otherwise than expected", func() {
		out, _ := run(scen("owner", visit(runs),
			step("invoke", &driver.InvokeArgs{Method: "mountAction", Params: []any{"forbidden"}}, "{method: mountAction}")))
		Expect(out.Result).To(Equal(proof.Failed))
		Expect(out.Reason).To(ContainSubstring("invoke mountAction on " + runsName + " answered 403, expected 200"))
	})

	It("keeps the record of a failed scenario with on-failure: the invoke's answer, the screenshots", func() {
		out, art := run(scen("owner", visit(runs),
			step("invoke", &driver.InvokeArgs{Method: "mountAction", Params: []any{"forbidden"}}, "{method: mountAction}")))
		Expect(out.Result).To(Equal(proof.Failed))
		Expect(art.names).To(ConsistOf("step-01", "failure"))
		Expect(out.Steps[0].Rebuilt).To(BeTrue(), "rebuilt from the DOM kept after the step")
		Expect(art.traces).To(HaveLen(1))
		Expect(out.Trace).To(Equal("trace/1.json"))
		var rec proof.Trace
		Expect(json.Unmarshal(art.traces[0], &rec)).To(Succeed())
		Expect(rec.Requests).To(ContainElement(MatchFields(IgnoreExtras, Fields{
			"Step":     HavePrefix("2 invoke"),
			"Method":   Equal("POST"),
			"Status":   Equal(403),
			"Livewire": ContainElement(MatchFields(IgnoreExtras, Fields{"Methods": ContainElement("mountAction")})),
			"Body":     Not(BeEmpty()),
		})))
		Expect(rec.Requests).To(ContainElement(MatchFields(IgnoreExtras, Fields{
			"Step": HavePrefix("1 visit"), "Type": Equal("Document"), "Status": Equal(200),
		})))
	})

	It("lets a step that only looked at an unchanged page reuse the screenshot before it", func() {
		traced := browser.With(func(o *driver.Options) { o.Trace = driver.TraceOn })
		out, art := run(scen("", visit("/clean.html"), see("Everything is fine."), count("p", "n"), assert("n >= 1"),
			visit("/browser.html"), see("viewport")), traced)
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		Expect(art.names).To(Equal([]string{"step-01", "step-05"}), "one capture per page state")
		shots := make([]string, len(out.Steps))
		for i, st := range out.Steps {
			shots[i] = st.Screenshot
		}
		first, second := shots[0], shots[4]
		Expect(first).NotTo(Equal(second))
		Expect(shots).To(Equal([]string{first, first, first, first, second, second}))

		By("taking a new one after a look during which the page changed")
		out, art = run(scen("", visit("/arrives.html"), see("Arrived")), traced)
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		Expect(art.names).To(Equal([]string{"step-01", "step-02"}))
	})

	It("keeps a screenshot after every step with trace on", func() {
		traced := browser.With(func(o *driver.Options) { o.Trace = driver.TraceOn })
		out, art := run(scen("owner", visit(runs),
			step("invoke", &driver.InvokeArgs{Method: "mountAction", Params: []any{"forbidden"}}, "{method: mountAction}")), traced)
		Expect(out.Result).To(Equal(proof.Failed))
		Expect(art.names).To(ConsistOf("step-01", "failure"))
		Expect(out.Steps[0].Screenshot).To(HaveSuffix("-step-01.png"))
		Expect(art.traces).To(HaveLen(1))
	})

	It("keeps no trace of a passed scenario with on-failure", func() {
		out, art := run(scen("owner", visit(runs),
			step("invoke", &driver.InvokeArgs{Method: "mountAction", Params: []any{"forbidden"}, Status: 403}, "{method: mountAction, status: 403}")))
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		Expect(art.names).To(BeEmpty())
		Expect(art.traces).To(BeEmpty())
		Expect(out.Trace).To(BeEmpty())
	})

	It("invokes on a named component and follows with callMountedAction", func() {
		out, _ := run(scen("owner", visit(runs), count(".fi-ta-row", "before"),
			step("invoke", &driver.InvokeArgs{Component: "list-runs", Method: "mountAction",
				Params: []any{"restore", map[string]any{"record": "Run 3"}}, Call: true}, "{method: mountAction, call: true}"),
			visit(runs), count(".fi-ta-row", "after"), assert("after == before + 1")))
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		Expect(out.Observed).To(Equal(200))
	})

	It("names the components when the one asked for is missing", func() {
		out, _ := run(scen("owner", visit(runs),
			step("invoke", &driver.InvokeArgs{Component: "nope", Method: "mountAction"}, "{component: nope}")))
		Expect(out.Reason).To(ContainSubstring(`no Livewire component named like "nope" (found: ` + runsName + `)`))
	})
})

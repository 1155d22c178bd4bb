package driver_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/driver"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/scenario"
)

// Issue 12: targets are picked exactly. testdata/matching.html has rows
// "Item 1" .. "Item 12" (sorted by ?order) and header actions "Archive
// selected" (and a disabled "Archive" with ?archive=both).
var _ = Describe("Exact target matching", func() {
	const page = "/matching.html"

	// done is what the page shows after a click: the trailing period keeps
	// "deleted Item 1." from being found in "deleted Item 10.".
	done := func(text string) scenario.Step { return see(text + ".") }

	actIn := func(a *driver.ActionArgs) scenario.Step { return step("action", a, a.Label) }
	clickIn := func(a *driver.ClickArgs) scenario.Step { return step("click", a, a.Text) }

	DescribeTable("acts on the row named exactly, however the table is sorted",
		func(order, item string) {
			out, _ := run(scen("", visit(page+"?order="+order),
				actIn(&driver.ActionArgs{Label: "Delete", Row: item}), done("deleted "+item)))
			Expect(out.Result).To(Equal(proof.Proven), out.Reason)
		},
		Entry("Item 1, newest first (Item 10..12 come before it)", "desc", "Item 1"),
		Entry("Item 1, oldest first", "asc", "Item 1"),
		Entry("Item 12, newest first", "desc", "Item 12"),
		Entry("Item 2, oldest first", "asc", "Item 2"),
	)

	It("clicks text in the row named exactly", func() {
		out, _ := run(scen("", visit(page+"?order=desc"),
			clickIn(&driver.ClickArgs{Text: "Delete", Row: "Item 1"}), done("deleted Item 1")))
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
	})

	It("never proves hidden on a row that is not there, and names the rows it saw", func() {
		out, _ := run(scen("", visit(page+"?order=desc"), act("Delete", "Item 99", "hidden")))
		Expect(out.Result).To(Equal(proof.Failed))
		Expect(out.Reason).To(ContainSubstring(`no row named "Item 99"; rows seen: Item 12; Item 11; Item 10; Item 9; Item 8; Item 7; Item 6; Item 5; Item 4; Item 3; and 2 more`))
	})

	It("proves hidden on an existing row without the action", func() {
		out, _ := run(scen("", visit(page), act("Delete", "Item 5", "hidden"), act("Delete", "Item 6", "enabled")))
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
	})

	It("fails when several rows match, listing them", func() {
		out, _ := run(scen("", visit(page), actIn(&driver.ActionArgs{Label: "Delete", Row: "Item 1", RowMatch: "contains", Expect: "enabled"})))
		Expect(out.Result).To(Equal(proof.Failed))
		Expect(out.Reason).To(ContainSubstring(`4 rows named "Item 1" (contains): Item 1; Item 10; Item 11; Item 12`))
	})

	It("matches a row loosely only when the step opts in", func() {
		out, _ := run(scen("", visit(page+"?order=desc"),
			actIn(&driver.ActionArgs{Label: "Delete", Row: `^Item 1\b.*`, RowMatch: "regex"}), done("deleted Item 1")))
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
	})

	It("fails an action named by several buttons instead of pressing the first", func() {
		out, _ := run(scen("", visit(page), actIn(&driver.ActionArgs{Label: "Delete"})))
		Expect(out.Result).To(Equal(proof.Failed))
		Expect(out.Reason).To(ContainSubstring(`11 elements match the action "Delete"`))
	})

	It("does not take a longer label for the action: Archive is not Archive selected", func() {
		out, _ := run(scen("", visit(page), act("Archive", "", "hidden")))
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)

		out, _ = run(scen("", visit(page), actIn(&driver.ActionArgs{Label: "Archive"})))
		Expect(out.Result).To(Equal(proof.Failed))
		Expect(out.Reason).To(ContainSubstring(`action "Archive" is hidden`))
	})

	It("tells Archive from Archive selected when both are shown", func() {
		out, _ := run(scen("", visit(page+"?archive=both"),
			act("Archive", "", "disabled"), act("Archive selected", "", "enabled"),
			actIn(&driver.ActionArgs{Label: "Archive selected"}), done("archived selected")))
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
	})

	It("presses a longer label only with match: contains", func() {
		out, _ := run(scen("", visit(page), actIn(&driver.ActionArgs{Label: "Archive", Match: "contains"}), done("archived selected")))
		Expect(out.Result).To(Equal(proof.Proven), out.Reason)
	})
})

var _ = Describe("Vacuous steps at run time", func() {
	It("is an error naming the variable when expanding empties an argument, never a pass", func() {
		sc := scen("", visit("/matching.html"), see("{{ blank }}"))
		sc.Vars = map[string]string{"blank": ""}
		out, _ := run(sc)
		Expect(out.Result).To(Equal(proof.Error))
		Expect(out.Reason).To(ContainSubstring("could not prove: text is empty once blank is expanded"))
	})
})

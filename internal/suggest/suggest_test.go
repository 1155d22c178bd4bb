package suggest_test

import (
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/suggest"
)

func TestSuggest(t *testing.T) {
	RegisterFailHandler(Fail)
	RunSpecs(t, "suggest")
}

var _ = Describe("Hint", func() {
	DescribeTable("names the closest known name within two edits, else the few known names",
		func(word string, known []string, want string) { Expect(suggest.Hint(word, known)).To(Equal(want)) },
		Entry("a typo", "clik", []string{"click", "see"}, ` (did you mean "click"?)`),
		Entry("case is ignored", "STEPS", []string{"steps"}, ` (did you mean "steps"?)`),
		Entry("the nearest wins", "sea", []string{"seen", "see"}, ` (did you mean "see"?)`),
		Entry("three edits is not a typo", "abcdef", []string{"abcxyz"}, ` (one of: abcxyz)`),
		Entry("a short name is not rewritten whole", "ab", []string{"xy"}, ` (one of: xy)`),
		Entry("too many to list", "zzz", make([]string, 17), ``),
	)

	It("DidYouMean never lists", func() {
		Expect(suggest.DidYouMean("zzz", []string{"abc"})).To(BeEmpty())
	})
})

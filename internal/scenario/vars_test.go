package scenario_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/scenario"
)

var _ = Describe("run-time variables", func() {
	lookup := func(name string) (string, bool) {
		v, ok := map[string]string{"secret.PW": "hunter2", "runs": "3"}[name]
		return v, ok
	}

	It("expands every reference, spaces optional", func() {
		out, err := scenario.Expand("{{secret.PW}} and {{  runs }} runs", lookup)
		Expect(err).NotTo(HaveOccurred())
		Expect(out).To(Equal("hunter2 and 3 runs"))
	})

	It("names an unknown variable", func() {
		_, err := scenario.Expand("a {{ runs }} {{ secret.NOPE }}", lookup)
		Expect(err).To(MatchError(`unknown variable "secret.NOPE"`))
	})

	It("lists the names still to expand", func() {
		Expect(scenario.RuntimeVars("x {{ secret.PW }} y {{runs}}")).To(Equal([]string{"secret.PW", "runs"}))
		Expect(scenario.RuntimeVars("plain")).To(BeEmpty())
	})
})

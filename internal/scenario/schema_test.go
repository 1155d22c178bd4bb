package scenario_test

import (
	"encoding/json"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/scenario"
)

var _ = Describe("JSONSchema", func() {
	It("is valid JSON naming every step kind and the closed lists", func() {
		var schema struct {
			Schema     string                     `json:"$schema"`
			Properties map[string]json.RawMessage `json:"properties"`
			Defs       struct {
				Step struct {
					OneOf []struct {
						Required   []string                   `json:"required"`
						Properties map[string]json.RawMessage `json:"properties"`
					} `json:"oneOf"`
				} `json:"step"`
			} `json:"$defs"`
		}
		Expect(json.Unmarshal(scenario.JSONSchema(), &schema)).To(Succeed())
		Expect(schema.Schema).To(Equal("https://json-schema.org/draft/2020-12/schema"))
		var kinds []string
		for _, k := range schema.Defs.Step.OneOf {
			Expect(k.Required).To(HaveLen(1))
			Expect(k.Properties).To(HaveKey(k.Required[0]))
			kinds = append(kinds, k.Required[0])
		}
		Expect(kinds).To(Equal(scenario.StepKinds()))
		Expect(schema.Properties).To(HaveKey("matrix"))
		Expect(string(schema.Properties["domain"])).To(ContainSubstring(`"system-denied"`))
		Expect(string(schema.Properties["state"])).To(ContainSubstring(`"confirm-cancelled"`))
	})
})

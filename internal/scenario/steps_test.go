package scenario_test

import (
	"errors"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/driver"
	"github.com/proofrun/proofrun/internal/scenario"
)

var errBoom = errors.New("boom")

// probeArgs has every shape of argument WalkStrings must reach.
type probeArgs struct {
	Text    string          `yaml:"text"`
	Status  scenario.Status `yaml:"status"`
	Flag    *bool           `yaml:"flag"`
	Params  []any           `yaml:"args"`
	Updates map[string]any  `yaml:"updates"`
	Nested  struct {
		Inner string
	} `yaml:"nested"`
	hidden string
}

var _ = Describe("step kinds", func() {
	It("walks every string of the arguments, at any depth, rebuilding free values", func() {
		orig := &probeArgs{
			Text:    "{{ a }}",
			Params:  []any{"{{ b }}", 3, []any{"{{ c }}"}},
			Updates: map[string]any{"k": map[string]any{"deep": "{{ d }}"}},
			hidden:  "{{ never }}",
		}
		orig.Nested.Inner = "{{ e }}"
		args := scenario.Clone(orig).(*probeArgs)
		var seen []string
		Expect(scenario.WalkStrings(args, func(f scenario.Field) error {
			seen = append(seen, f.Key+"="+*f.P+map[bool]string{true: " (free)"}[f.Free])
			*f.P = strings.ToUpper(*f.P)
			return nil
		})).To(Succeed())
		Expect(seen).To(ConsistOf("text={{ a }}", "args={{ b }} (free)", "args={{ c }} (free)",
			"updates={{ d }} (free)", "nested={{ e }}"))
		Expect(args.Text).To(Equal("{{ A }}"))
		Expect(args.Params).To(Equal([]any{"{{ B }}", 3, []any{"{{ C }}"}}))
		Expect(args.Updates).To(Equal(map[string]any{"k": map[string]any{"deep": "{{ D }}"}}))
		Expect(args.Nested.Inner).To(Equal("{{ E }}"))
		By("leaving the loaded step as it was")
		Expect(orig.Text).To(Equal("{{ a }}"))
		Expect(orig.Params).To(Equal([]any{"{{ b }}", 3, []any{"{{ c }}"}}))
		Expect(orig.Updates).To(Equal(map[string]any{"k": map[string]any{"deep": "{{ d }}"}}))
		Expect(orig.Nested.Inner).To(Equal("{{ e }}"))
	})

	It("stops at the first error of the walk", func() {
		calls := 0
		err := scenario.WalkStrings(&probeArgs{Text: "x", Params: []any{"y"}}, func(scenario.Field) error {
			calls++
			return errBoom
		})
		Expect(err).To(MatchError(errBoom))
		Expect(calls).To(Equal(1))
	})

	It("refuses a definition that contradicts its arguments", func() {
		newProbe := func() scenario.Args { return new(probeArgs) }
		Expect(func() { scenario.Register(scenario.Def{Kind: "see", New: newProbe}) }).To(PanicWith(ContainSubstring("registered twice")))
		Expect(func() {
			scenario.Register(scenario.Def{Kind: "probe", New: func() scenario.Args {
				return &struct {
					Text string `yaml:"text"`
				}{}
			}, Required: []string{"text|label"}})
		}).To(PanicWith(ContainSubstring(`names "label"`)))
		Expect(func() {
			scenario.Register(scenario.Def{Kind: "probe", New: func() scenario.Args {
				return &struct {
					N int `yaml:"n"`
				}{}
			}})
		}).To(PanicWith(ContainSubstring("cannot read")))
		Expect(scenario.Lookup("probe")).To(BeNil())
	})

	It("knows each kind's keys, shorthand and the keys that may be empty", func() {
		fill := scenario.Lookup("fill")
		Expect(fill.Keys()).To(Equal([]string{"field", "selector", "value"}))
		Expect(fill.ArgMayBeEmpty("value")).To(BeTrue())
		Expect(fill.ArgMayBeEmpty("field")).To(BeFalse())
		Expect(scenario.Lookup("see").Shorthand).To(Equal("text"))
	})

	It("renders a step built in code the way the loader writes it", func() {
		st := scenario.Step{Kind: "action", Args: &driver.ActionArgs{Label: "Restore", Bulk: true, Expect: "hidden"}}
		Expect(scenario.Describe(st)).To(Equal("action: {label: Restore, bulk: true, expect: hidden}"))
	})
})

package monitor_test

import (
	"encoding/json"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/monitor"
	"github.com/proofrun/proofrun/internal/proof"
)

var _ = Describe("the Livewire payload of the record", func() {
	It("names each component by its snapshot's memo.name with the methods it calls", func() {
		snap := func(name string) string {
			b, _ := json.Marshal(map[string]any{"data": map[string]any{}, "memo": map[string]any{"name": name, "id": "x"}})
			return string(b)
		}
		b, err := json.Marshal(map[string]any{
			"_token": "t",
			"components": []any{
				map[string]any{"snapshot": snap("app.filament.resources.runs.pages.list-runs"), "updates": map[string]any{},
					"calls": []any{
						map[string]any{"path": "", "method": "mountAction", "params": []any{"restore"}},
						map[string]any{"path": "", "method": "callMountedAction", "params": []any{}},
					}},
				map[string]any{"snapshot": snap("notifications"), "updates": map[string]any{"a": 1}, "calls": []any{}},
			},
		})
		Expect(err).NotTo(HaveOccurred())
		Expect(monitor.LivewireCalls(string(b))).To(Equal([]proof.Call{
			{Component: "app.filament.resources.runs.pages.list-runs", Methods: []string{"mountAction", "callMountedAction"}},
			{Component: "notifications"},
		}))
	})

	It("gives nothing for a payload that is not a Livewire update", func() {
		Expect(monitor.LivewireCalls("")).To(BeNil())
		Expect(monitor.LivewireCalls("a=1&b=2")).To(BeNil())
		Expect(monitor.LivewireCalls(`{"query":"x"}`)).To(BeNil())
	})
})

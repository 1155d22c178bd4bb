package driver

import (
	"context"
	"fmt"

	"github.com/proofrun/proofrun/internal/scenario"
)

// CountArgs are count's arguments.
type CountArgs struct {
	Selector string `yaml:"selector"`
	As       string `yaml:"as"` // the variable it fills; default "count"
}

func init() {
	register(scenario.Def{
		Kind: "count", Doc: "count the elements matching selector, stored as a variable with as",
		Shorthand: "selector", Required: []string{"selector"},
	}, traits{passive: true}, count)
}

// Check defines the count's variable for the steps after it.
func (a *CountArgs) Check(c *scenario.Check) {
	if a.As == "" {
		return
	}
	if !scenario.IsIdentifier(a.As) {
		c.Errorf("as", "count name %q must be letters, digits and _ (it is used in assert)", a.As)
		return
	}
	c.Define(a.As)
}

// defaultCountName is the variable a count without `as` fills.
const defaultCountName = "count"

// count stores how many elements match the selector, once Livewire is idle.
func count(ctx context.Context, r *run, a *CountArgs) error {
	if err := r.idle(ctx); err != nil {
		return err
	}
	var n int
	if err := r.tab.call(ctx, &n, "count", a.Selector); err != nil {
		return err
	}
	if n < 0 {
		return fmt.Errorf("bad selector %s", a.Selector)
	}
	name := a.As
	if name == "" {
		name = defaultCountName
	}
	r.counts[name] = n
	return nil
}

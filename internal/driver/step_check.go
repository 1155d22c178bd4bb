package driver

import (
	"context"

	"github.com/proofrun/proofrun/internal/scenario"
)

// CheckArgs are check's arguments.
type CheckArgs struct {
	Field    string `yaml:"field"` // the checkbox's label
	Selector string `yaml:"selector"`
	Checked  *bool  `yaml:"checked"` // default true
}

func init() {
	register(scenario.Def{
		Kind: "check", Doc: "tick (or untick with checked: false) a checkbox found by label or selector",
		Required: []string{"field|selector"},
	}, traits{settle: true}, checkStep)
}

// checkStep ticks (or, with checked: false, unticks) a checkbox or a
// Filament toggle, clicking it only when its state differs.
func checkStep(ctx context.Context, r *run, a *CheckArgs) error {
	el, err := r.field(ctx, a.Field, a.Selector)
	if err != nil {
		return err
	}
	return setChecked(ctx, el, a.Checked == nil || *a.Checked, fieldName(a.Field, a.Selector))
}

package driver

import (
	"context"

	"github.com/proofrun/proofrun/internal/scenario"
)

// FillArgs are fill's arguments.
type FillArgs struct {
	Field    string `yaml:"field"` // the field's label
	Selector string `yaml:"selector"`
	Value    string `yaml:"value"` // may be empty: clears the field
}

func init() {
	register(scenario.Def{
		Kind: "fill", Doc: "type into a form field found by label or selector",
		Required: []string{"field|selector", "value"}, MayBeEmpty: []string{"value"},
	}, traits{settle: true}, fillStep)
}

// fillStep types a value into a field found by label, else selector.
func fillStep(ctx context.Context, r *run, a *FillArgs) error {
	el, err := r.field(ctx, a.Field, a.Selector)
	if err != nil {
		return err
	}
	return fill(ctx, el, a.Value)
}

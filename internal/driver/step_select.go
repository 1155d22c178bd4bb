package driver

import (
	"context"
	"errors"

	"github.com/proofrun/proofrun/internal/scenario"
)

// SelectArgs are select's arguments.
type SelectArgs struct {
	Field    string `yaml:"field"` // the select's label
	Selector string `yaml:"selector"`
	Value    string `yaml:"value"` // an option's text or value; may be empty, as an option's value may
}

func init() {
	register(scenario.Def{
		Kind: "select", Doc: "choose an option of a select found by label or selector",
		Required: []string{"field|selector", "value"}, MayBeEmpty: []string{"value"},
	}, traits{settle: true}, selectStep)
}

// selectStep chooses an option of a select by its text or value.
func selectStep(ctx context.Context, r *run, a *SelectArgs) error {
	el, err := r.field(ctx, a.Field, a.Selector)
	if err != nil {
		return err
	}
	res, err := el.Context(ctx).Eval(`function(want) {
		if (this.tagName !== 'SELECT') return 'the field is not a select';
		const opts = [...this.options];
		const norm = (s) => s.replace(/\s+/g, ' ').trim();
		const o = opts.find((o) => norm(o.text) === norm(want) || o.value === want);
		if (!o) return 'no option ' + JSON.stringify(want) + ' (options: ' + opts.map((o) => norm(o.text)).join(', ') + ')';
		this.value = o.value;
		this.dispatchEvent(new Event('input', { bubbles: true }));
		this.dispatchEvent(new Event('change', { bubbles: true }));
		return '';
	}`, a.Value)
	if err != nil {
		return err
	}
	if msg := res.Value.Str(); msg != "" {
		return errors.New(msg)
	}
	return nil
}

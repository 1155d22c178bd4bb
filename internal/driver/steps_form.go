package driver

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-rod/rod"

	"github.com/proofrun/proofrun/internal/scenario"
)

// clickStep clicks the one element named text or matching selector (inside
// the one table row named row when set), once.
func clickStep(ctx context.Context, r *run, a scenario.Args) error {
	el, err := r.find(ctx, "nothing to click", "clickable", a.Text, a.Selector, a.Row, a.Match, a.RowMatch)
	if err != nil {
		return err
	}
	return click(ctx, el)
}

// fillStep types a value into a field found by label, else selector.
func fillStep(ctx context.Context, r *run, a scenario.Args) error {
	el, err := r.field(ctx, a)
	if err != nil {
		return err
	}
	return fill(ctx, el, a.Value)
}

// selectStep chooses an option of a select by its text or value.
func selectStep(ctx context.Context, r *run, a scenario.Args) error {
	el, err := r.field(ctx, a)
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

// checkStep ticks (or, with checked: false, unticks) a checkbox or a
// Filament toggle, clicking it only when its state differs.
func checkStep(ctx context.Context, r *run, a scenario.Args) error {
	el, err := r.field(ctx, a)
	if err != nil {
		return err
	}
	return setChecked(ctx, el, a.Checked == nil || *a.Checked, fieldName(a))
}

// setChecked clicks a checkbox or toggle named name when its state is not
// want, and checks the click took.
func setChecked(ctx context.Context, el *rod.Element, want bool, name string) error {
	el = el.Context(ctx)
	state := func() (bool, error) {
		res, err := el.Eval(`function() { return this.type === 'checkbox' || this.type === 'radio' ? this.checked : this.getAttribute('aria-checked') === 'true' }`)
		if err != nil {
			return false, err
		}
		return res.Value.Bool(), nil
	}
	got, err := state()
	if err != nil || got == want {
		return err
	}
	if err := click(ctx, el); err != nil {
		// A styled checkbox hides its input; a user clicks its label.
		var shape *rod.InvisibleShapeError
		if !errors.As(err, &shape) {
			return err
		}
		if _, err := el.Eval(`function() { this.click() }`); err != nil {
			return err
		}
	}
	if got, err = state(); err == nil && got != want {
		err = fmt.Errorf("%s is still checked=%v after clicking it", name, got)
	}
	return err
}

// field finds a form field by label (field) or selector, retried until the
// step timeout.
func (r *run) field(ctx context.Context, a scenario.Args) (*rod.Element, error) {
	return r.find(ctx, fmt.Sprintf("no field %s", fieldName(a)), "field", a.Field, a.Selector)
}

func fieldName(a scenario.Args) string {
	if a.Field != "" {
		return fmt.Sprintf("%q", a.Field)
	}
	return a.Selector
}

// find retries a dom.js element lookup until it finds one; missing says
// what was not found, for the timeout.
func (r *run) find(ctx context.Context, missing, fn string, args ...any) (*rod.Element, error) {
	var el *rod.Element
	err := poll(ctx, func() (bool, error) {
		e, why, err := r.tab.pick(ctx, fn, args...)
		if err != nil {
			return false, err
		}
		if e == nil {
			if why != "" {
				return false, errors.New(why)
			}
			return false, errors.New(missing)
		}
		el = e
		return true, nil
	})
	return el, err
}

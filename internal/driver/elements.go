package driver

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/go-rod/rod"
)

// The page helpers several step kinds share.

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
func (r *run) field(ctx context.Context, label, selector string) (*rod.Element, error) {
	return r.find(ctx, fmt.Sprintf("no field %s", fieldName(label, selector)), "field", label, selector)
}

// fieldName names a field for messages: its label, else its selector.
func fieldName(label, selector string) string {
	if label != "" {
		return fmt.Sprintf("%q", label)
	}
	return selector
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

// pageText is the page's visible text, as dom.js reads it.
func (r *run) pageText(ctx context.Context) (string, error) {
	var text string
	err := r.tab.call(ctx, &text, "text")
	return text, err
}

// normSpace collapses runs of whitespace, as the page's text is compared.
func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

package driver

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/proofrun/proofrun/internal/scenario"
)

// see waits until the page's visible text contains the text.
func see(ctx context.Context, r *run, a scenario.Args) error {
	want := normSpace(a.Text)
	return poll(ctx, func() (bool, error) {
		text, err := r.pageText(ctx)
		if err != nil {
			return false, err
		}
		if strings.Contains(text, want) {
			return true, nil
		}
		return false, fmt.Errorf("%q is not on the page", a.Text)
	})
}

// dontSee waits for Livewire idle, then checks once that the text is absent.
func dontSee(ctx context.Context, r *run, a scenario.Args) error {
	if err := r.idle(ctx); err != nil {
		return err
	}
	text, err := r.pageText(ctx)
	if err != nil {
		return err
	}
	if strings.Contains(text, normSpace(a.Text)) {
		return fmt.Errorf("%q is on the page", a.Text)
	}
	return nil
}

// seeIn waits until an element matching the selector contains the text.
func seeIn(ctx context.Context, r *run, a scenario.Args) error {
	want := normSpace(a.Text)
	return poll(ctx, func() (bool, error) {
		var res struct {
			Texts []string `json:"texts"`
			Error string   `json:"error"`
		}
		if err := r.tab.call(ctx, &res, "textIn", a.Selector); err != nil {
			return false, err
		}
		if res.Error != "" {
			return true, errors.New(res.Error)
		}
		for _, t := range res.Texts {
			if strings.Contains(t, want) {
				return true, nil
			}
		}
		if len(res.Texts) == 0 {
			return false, fmt.Errorf("no element matches %s", a.Selector)
		}
		return false, fmt.Errorf("%q is not in %s (it holds %q)", a.Text, a.Selector, r.b.opts.Redactor.Clip(strings.Join(res.Texts, " | "), 200))
	})
}

func (r *run) pageText(ctx context.Context) (string, error) {
	var text string
	err := r.tab.call(ctx, &text, "text")
	return text, err
}

func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

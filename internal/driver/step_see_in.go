package driver

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/proofrun/proofrun/internal/scenario"
)

// SeeInArgs are see_in's arguments.
type SeeInArgs struct {
	Selector string `yaml:"selector"`
	Text     string `yaml:"text"`
}

func init() {
	register(scenario.Def{
		Kind: "see_in", Doc: "text is inside the element matching selector",
		Required: []string{"selector", "text"},
	}, traits{passive: true}, seeIn)
}

// seeIn waits until an element matching the selector contains the text.
func seeIn(ctx context.Context, r *run, a *SeeInArgs) error {
	want := normSpace(a.Text)
	return r.tab.pollDOM(ctx, func() (bool, error) {
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

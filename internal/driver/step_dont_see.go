package driver

import (
	"context"
	"fmt"
	"strings"

	"github.com/proofrun/proofrun/internal/scenario"
)

// DontSeeArgs are dont_see's arguments.
type DontSeeArgs struct {
	Text string `yaml:"text"`
}

func init() {
	register(scenario.Def{
		Kind: "dont_see", Doc: "text is not on the page",
		Shorthand: "text", Required: []string{"text"},
	}, traits{passive: true}, dontSee)
}

// dontSee waits until the page has settled (at once after a settled step),
// then checks once that the text is absent.
func dontSee(ctx context.Context, r *run, a *DontSeeArgs) error {
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

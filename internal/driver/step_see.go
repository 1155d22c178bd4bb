package driver

import (
	"context"
	"fmt"
	"strings"

	"github.com/proofrun/proofrun/internal/scenario"
)

// SeeArgs are see's arguments.
type SeeArgs struct {
	Text string `yaml:"text"`
}

func init() {
	register(scenario.Def{
		Kind: "see", Doc: "text is on the page (retried until the step timeout)",
		Shorthand: "text", Required: []string{"text"},
	}, traits{passive: true}, see)
}

// see waits until the page's visible text contains the text.
func see(ctx context.Context, r *run, a *SeeArgs) error {
	want := normSpace(a.Text)
	return r.tab.pollDOM(ctx, func() (bool, error) {
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

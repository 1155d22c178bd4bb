package driver

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/proofrun/proofrun/internal/scenario"
)

// ModalArgs are modal's arguments.
type ModalArgs struct {
	Heading string `yaml:"heading"` // a substring of the open modal's heading
	Expect  string `yaml:"expect"`  // open (default) or closed
}

func init() {
	register(scenario.Def{
		Kind: "modal", Doc: "a Filament modal is open (default) or closed",
		Enums: map[string][]string{"expect": {"open", "closed"}},
	}, traits{passive: true}, modal)
}

// modalState is dom.js's view of the open modal.
type modalState struct {
	Open    bool   `json:"open"`
	Heading string `json:"heading"`
}

// modal asserts that a Filament modal is open (with a heading containing
// heading) or, with expect: closed, that none is.
func modal(ctx context.Context, r *run, a *ModalArgs) error {
	var st modalState
	return poll(ctx, func() (bool, error) {
		if err := r.tab.call(ctx, &st, "modal"); err != nil {
			return false, err
		}
		if a.Expect == "closed" {
			if st.Open {
				return false, fmt.Errorf("a modal is still open (%q)", st.Heading)
			}
			return true, nil
		}
		if !st.Open {
			return false, errors.New("no modal is open")
		}
		if !strings.Contains(st.Heading, a.Heading) {
			return false, fmt.Errorf("the open modal's heading is %q, expected %q", st.Heading, a.Heading)
		}
		return true, nil
	})
}

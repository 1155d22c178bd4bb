package driver

import (
	"context"

	"github.com/proofrun/proofrun/internal/scenario"
)

// ConfirmArgs are confirm's arguments: none.
type ConfirmArgs struct{}

func init() {
	register(scenario.Def{
		Kind: "confirm", Doc: "press the open modal's confirm button, wait for Livewire idle",
	}, traits{settle: true}, confirm)
}

// confirm presses the open modal's submit button, whatever its label.
func confirm(ctx context.Context, r *run, _ *ConfirmArgs) error {
	el, err := r.find(ctx, "no open modal with a submit button in its footer", "footerButton", "submit")
	if err != nil {
		return err
	}
	return click(ctx, el)
}

package driver

import (
	"context"

	"github.com/proofrun/proofrun/internal/scenario"
)

// CancelArgs are cancel's arguments: none.
type CancelArgs struct{}

func init() {
	register(scenario.Def{
		Kind: "cancel", Doc: "press the open modal's cancel button, wait for Livewire idle",
	}, traits{settle: true}, cancelModal)
}

// cancelModal presses the open modal's footer button that closes it, and
// waits until it has closed.
func cancelModal(ctx context.Context, r *run, _ *CancelArgs) error {
	el, err := r.find(ctx, "no open modal with a cancel button in its footer", "footerButton", "cancel")
	if err != nil {
		return err
	}
	if err := click(ctx, el); err != nil {
		return err
	}
	return modal(ctx, r, &ModalArgs{Expect: "closed"})
}

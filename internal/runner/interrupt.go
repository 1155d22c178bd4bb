package runner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/proofrun/proofrun/internal/exitcode"
)

// errInterrupted is the cause of a run context ended by SIGINT or SIGTERM.
var errInterrupted = errors.New("interrupted")

// grace is how long in-flight scenarios get to end after the first signal
// before everything is killed; the process must be gone within 10 s.
const grace = 8 * time.Second

var (
	killMu sync.Mutex
	kills  []func()
)

// registerKill adds cleanup that must run even when the process exits on a
// second signal (closing Chromium, removing its profile).
func registerKill(f func()) {
	killMu.Lock()
	kills = append(kills, f)
	killMu.Unlock()
}

func killAll() {
	killMu.Lock()
	fs := kills
	kills = nil
	killMu.Unlock()
	for _, f := range fs {
		f()
	}
}

// withInterrupts returns a context ended by the first SIGINT/SIGTERM: no new
// scenario starts and the ones in flight end as interrupted. A second signal,
// or the grace period running out, kills the browser and exits 130 at once.
func withInterrupts(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-sig:
			fmt.Fprintf(os.Stderr, "\nproofrun: %s: stopping (in-flight scenarios end as interrupted; again to quit at once)\n", s)
			cancel(fmt.Errorf("%w by %s", errInterrupted, s))
		case <-done:
			return
		}
		select {
		case <-sig:
		case <-time.After(grace):
		case <-done:
			return
		}
		killAll()
		os.Exit(exitcode.Interrupted)
	}()
	return ctx, func() {
		close(done)
		signal.Stop(sig)
		cancel(nil)
		killAll()
	}
}

func interrupted(ctx context.Context) bool {
	return errors.Is(context.Cause(ctx), errInterrupted)
}

package runner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/proofrun/proofrun/internal/exitcode"
)

// errInterrupted is the cause of a run context ended by SIGINT or SIGTERM.
var errInterrupted = errors.New("interrupted")

// grace is how long in-flight scenarios get to end after the first signal
// before everything is killed; the process must be gone within 10 s.
const grace = 8 * time.Second

// interrupts watches one command's signals. The first SIGINT/SIGTERM ends
// the context watchInterrupts returns: no new scenario starts and the ones
// in flight end as interrupted. A second signal, or the grace period
// running out, runs the kill functions (closing Chromium, removing its
// profile) and ends the process with 130 through Process.Exit.
type interrupts struct {
	cancel context.CancelCauseFunc
	done   chan struct{}
	sig    chan os.Signal
	p      Process

	mu    sync.Mutex
	kills []func()
}

func watchInterrupts(parent context.Context, p Process, grace time.Duration) (context.Context, *interrupts) {
	ctx, cancel := context.WithCancelCause(parent)
	in := &interrupts{cancel: cancel, done: make(chan struct{}), sig: make(chan os.Signal, 2), p: p}
	p.Notify(in.sig)
	go in.watch(grace)
	return ctx, in
}

func (in *interrupts) watch(grace time.Duration) {
	select {
	case s := <-in.sig:
		fmt.Fprintf(in.p.Stderr, "\nproofrun: %s: stopping (in-flight scenarios end as interrupted; again to quit at once)\n", s)
		in.cancel(fmt.Errorf("%w by %s", errInterrupted, s))
	case <-in.done:
		return
	}
	t := time.NewTimer(grace)
	defer t.Stop()
	select {
	case <-in.sig:
	case <-t.C:
	case <-in.done:
		return
	}
	in.kill()
	in.p.Exit(exitcode.Interrupted)
}

// onKill adds cleanup that must run even when the process ends on a second
// signal.
func (in *interrupts) onKill(f func()) {
	in.mu.Lock()
	in.kills = append(in.kills, f)
	in.mu.Unlock()
}

// kill runs the kill functions once.
func (in *interrupts) kill() {
	in.mu.Lock()
	fs := in.kills
	in.kills = nil
	in.mu.Unlock()
	for _, f := range fs {
		f()
	}
}

// stop ends the watch when the command ends; the kill functions run.
func (in *interrupts) stop() {
	close(in.done)
	in.p.StopNotify(in.sig)
	in.cancel(nil)
	in.kill()
}

func interrupted(ctx context.Context) bool {
	return errors.Is(context.Cause(ctx), errInterrupted)
}

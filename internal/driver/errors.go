package driver

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/proofrun/proofrun/internal/monitor"
)

// infraError is a failure of the browser or the target rather than of the
// proof: the outcome is proof.Error.
type infraError struct{ msg string }

func (e *infraError) Error() string { return e.msg }

func infraf(format string, args ...any) error {
	return &infraError{msg: fmt.Sprintf(format, args...)}
}

// awaitError is a deadline that passed while proofrun waited on the target:
// a page that did not load, a Livewire update or a request that did not
// answer. The proof could not be made (proof.Error), unlike a check that
// stayed false on a loaded, idle page, which the product decided (failed).
type awaitError struct {
	what string // "the page /admin did not load"
	err  error
}

func (e *awaitError) Error() string { return e.what + ": " + e.err.Error() }
func (e *awaitError) Unwrap() error { return e.err }

// awaiting marks err as a wait on the target when a deadline ended it, and
// returns any other error as it is.
func awaiting(err error, format string, args ...any) error {
	if !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return &awaitError{what: fmt.Sprintf(format, args...), err: err}
}

// stillError is a retried check that never came true before its deadline;
// why says what it saw last.
type stillError struct {
	why error
	ctx error
}

func (e *stillError) Error() string { return fmt.Sprintf("%v: %v", e.ctx, e.why) }
func (e *stillError) Unwrap() error { return e.ctx }

// poll calls check until it reports done or ctx ends. check returns done and,
// when not done, why not (kept for the timeout error); when done, its error
// is the result. A check that failed only because ctx ended keeps the why of
// the check before it: "no modal is open", not "context deadline exceeded".
func poll(ctx context.Context, check func() (bool, error)) error {
	return pollWith(ctx, check, func() {
		select {
		case <-ctx.Done():
		case <-time.After(monitor.PollEvery):
		}
	})
}

// pollWith is poll with wait between two checks: a clock, or the page's
// DOM changes (tab.pollDOM).
func pollWith(ctx context.Context, check func() (bool, error), wait func()) error {
	var last error
	for {
		done, err := check()
		if done {
			return err
		}
		if err != nil && (last == nil || ctx.Err() == nil) {
			last = err
		}
		if ctx.Err() != nil {
			if last == nil {
				return ctx.Err()
			}
			return &stillError{why: last, ctx: ctx.Err()}
		}
		wait()
	}
}

// why is the detail of a timeout: what the check saw last, if anything.
func why(err error) string {
	var s *stillError
	if errors.As(err, &s) {
		return s.why.Error()
	}
	return ""
}

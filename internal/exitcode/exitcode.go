// Package exitcode carries proofrun's documented exit codes through errors, so
// the command line can exit with the code that matches what went wrong:
//
//	0    every scenario proven (or deferred)
//	1    a proof failed (or was flaky with --fail-on-flaky)
//	2    invalid input: config, scenario, flag
//	3    infrastructure: browser did not start, target unreachable, browser
//	     lost, a file that could not be written
//	130  interrupted
//
// The code is chosen where the failure is understood; outer layers only add
// a default for an error that carries none (WithIfNone), as k6's
// errext.WithExitCodeIfNone does.
package exitcode

import (
	"errors"
	"fmt"

	"github.com/proofrun/proofrun/internal/proof"
)

// The documented exit codes; proof.Judge picks a run's from the same table.
const (
	OK          = proof.ExitOK
	Failed      = proof.ExitFailed
	Invalid     = proof.ExitInvalid
	Infra       = proof.ExitInfra
	Interrupted = proof.ExitInterrupted
)

// Error is an error with the exit code it should end the process with.
type Error struct {
	Code int
	Err  error
	// Printed is set when the message was already shown (e.g. validate's
	// pretty errors), so main does not print it again.
	Printed bool
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// With wraps err with an exit code; nil stays nil.
func With(code int, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Code: code, Err: err}
}

// WithIfNone gives err the exit code unless it already carries one: the
// failure site's choice stands, an outer layer only fills in a default.
func WithIfNone(code int, err error) error {
	var e *Error
	if err == nil || errors.As(err, &e) {
		return err
	}
	return &Error{Code: code, Err: err}
}

// Newf makes an error with an exit code.
func Newf(code int, format string, a ...any) error {
	return &Error{Code: code, Err: fmt.Errorf(format, a...)}
}

// Code is the exit code for err: 0 for nil, its own for an *Error. An error
// nobody classified (the command line adds a default first) is not the
// user's input: Infra.
func Code(err error) int {
	if err == nil {
		return OK
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Infra
}

// Printed tells whether err's message was already shown.
func Printed(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Printed
}

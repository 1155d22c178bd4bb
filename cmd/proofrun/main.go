// Command proofrun proves Filament/Livewire admin-panel behaviour in a real
// browser. The commands only parse flags and call internal/; see DESIGN.md.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/proofrun/proofrun/internal/exitcode"
	"github.com/proofrun/proofrun/internal/runner"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// main is the one place the process ends: with the command's exit code,
// or at once when an interrupted run asks for it (runner.Process.Exit).
func main() {
	p := osProcess()
	now := make(chan int, 1)
	p.Exit = func(code int) {
		select {
		case now <- code:
		default: // already on its way out
		}
	}
	done := make(chan int, 1)
	go func() { done <- execute(context.Background(), p) }()
	select {
	case code := <-done:
		os.Exit(code)
	case code := <-now:
		os.Exit(code)
	}
}

// osProcess is the process state of the real process (Exit is main's).
func osProcess() runner.Process {
	return runner.Process{
		Stdout:     os.Stdout,
		Stderr:     os.Stderr,
		Terminal:   isTerminal(os.Stdout),
		LookupEnv:  os.LookupEnv,
		Notify:     func(c chan<- os.Signal) { signal.Notify(c, os.Interrupt, syscall.SIGTERM) },
		StopNotify: func(c chan<- os.Signal) { signal.Stop(c) },
		Args:       os.Args,
	}
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// execute runs the command line p.Args and returns its exit code, having
// printed the error (if any, and not printed yet) on p.Stderr. An error
// keeps the code its failure site chose; cobra's own (unknown command,
// bad flag or argument, missing required flag) are invalid usage, and any
// other error is not the user's input.
func execute(ctx context.Context, p runner.Process) int {
	root := newRoot(p)
	root.SetArgs(p.Args[1:])
	root.SetOut(p.Stdout)
	root.SetErr(p.Stderr)
	started := false
	markStarted(root, &started)
	err := root.ExecuteContext(ctx)
	if !started {
		err = exitcode.WithIfNone(exitcode.Invalid, err)
	}
	err = exitcode.WithIfNone(exitcode.Infra, err)
	if err != nil && !exitcode.Printed(err) {
		fmt.Fprintln(p.Stderr, "proofrun:", err)
	}
	return exitcode.Code(err)
}

// markStarted sets *started when a command's own RunE begins, so errors
// before it are known to be cobra's usage errors.
func markStarted(cmd *cobra.Command, started *bool) {
	if run := cmd.RunE; run != nil {
		cmd.RunE = func(c *cobra.Command, args []string) error {
			*started = true
			return run(c, args)
		}
	}
	for _, sub := range cmd.Commands() {
		markStarted(sub, started)
	}
}

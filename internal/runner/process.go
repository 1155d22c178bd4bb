package runner

import (
	"io"
	"os"
)

// Process is what a command gets from the operating system, built once by
// cmd/proofrun and passed down (as k6 passes its GlobalState), so a command
// runs in a test with buffers, a fixed environment and signals of its own.
type Process struct {
	Stdout io.Writer
	Stderr io.Writer
	// Terminal says whether Stdout is a terminal (live progress).
	Terminal bool
	// LookupEnv reads the environment, as os.LookupEnv.
	LookupEnv func(key string) (string, bool)
	// Notify relays SIGINT and SIGTERM to c until StopNotify(c), as
	// signal.Notify and signal.Stop do.
	Notify     func(c chan<- os.Signal)
	StopNotify func(c chan<- os.Signal)
	// Exit ends the process with code without waiting for the command to
	// return: only for an interrupted run that does not stop in time. It
	// may return before the process is gone.
	Exit func(code int)
	// Args is the command line, program name first.
	Args []string
}

// Getenv is the value of the environment variable key, "" when unset.
func (p Process) Getenv(key string) string {
	v, _ := p.LookupEnv(key)
	return v
}

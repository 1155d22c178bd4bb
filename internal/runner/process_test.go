package runner

import (
	"os"
	"sync"
	"syscall"

	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gbytes"
)

// fakeProcess is a Process for tests: buffers for output, a fixed
// environment, signals sent by the test, exits recorded.
type fakeProcess struct {
	Process
	out, err *gbytes.Buffer
	exits    chan int

	mu      sync.Mutex
	sigs    []chan<- os.Signal
	stopped int
}

func newProcess(env map[string]string) *fakeProcess {
	f := &fakeProcess{out: gbytes.NewBuffer(), err: gbytes.NewBuffer(), exits: make(chan int, 4)}
	f.Process = Process{
		Stdout: f.out, Stderr: f.err,
		LookupEnv: func(k string) (string, bool) { v, ok := env[k]; return v, ok },
		Notify: func(c chan<- os.Signal) {
			f.mu.Lock()
			f.sigs = append(f.sigs, c)
			f.mu.Unlock()
		},
		StopNotify: func(chan<- os.Signal) {
			f.mu.Lock()
			f.stopped++
			f.mu.Unlock()
		},
		Exit: func(code int) { f.exits <- code },
		Args: []string{"proofrun", "run"},
	}
	return f
}

// listening tells whether a command waits for signals.
func (f *fakeProcess) listening() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.sigs) > f.stopped
}

// interrupt sends SIGINT to every channel a command listens on.
func (f *fakeProcess) interrupt() {
	Eventually(f.listening).Should(BeTrue(), "the command listens for signals")
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range f.sigs {
		c <- syscall.SIGINT
	}
}

package driver

import "github.com/proofrun/proofrun/internal/scenario"

// Test hooks.

// With returns a Browser on the same Chromium with changed options (shorter
// timeouts, fresh sessions); closing it leaves the Chromium running.
func (b *Browser) With(change func(*Options)) *Browser {
	o := b.opts
	change(&o)
	return &Browser{opts: o.withDefaults(), rod: b.rod, userAgent: b.userAgent}
}

// HasExecutor reports whether a step kind has an executor.
func HasExecutor(kind string) bool {
	_, ok := executors[scenario.Kind(kind)]
	return ok
}

// DataDir is the local Chromium's user-data dir.
func (b *Browser) DataDir() string { return b.dataDir }

// ControlURL is the browser's DevTools WebSocket URL.
func (b *Browser) ControlURL() string { return b.controlURL }

// Poll is poll, for its timeout wording.
var Poll = poll

// Why is the detail of a poll timeout.
var Why = why

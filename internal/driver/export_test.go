package driver

// Test hooks.

// With returns a Browser on the same Chromium with changed options (shorter
// timeouts, fresh sessions); closing it leaves the Chromium running.
func (b *Browser) With(change func(*Options)) *Browser {
	o := b.opts
	change(&o)
	nb := &Browser{opts: o.withDefaults(), rod: b.rod, userAgent: b.userAgent}
	nb.spares = newSpares(nb, nb.opts.Spares)
	return nb
}

// SparesReady is how many spare tabs are open and waiting.
func (b *Browser) SparesReady() int {
	if b.spares == nil {
		return 0
	}
	return len(b.spares.tabs)
}

// HasExecutor reports whether a step kind has an executor.
func HasExecutor(kind string) bool {
	_, ok := executors[kind]
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

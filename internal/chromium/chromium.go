// Package chromium holds how proofrun starts Debian's Chromium, for the
// driver and for the test suites that drive a browser directly: one place
// for the flags this kind of machine needs.
package chromium

import "github.com/go-rod/rod/lib/launcher"

// Bin is Debian's Chromium; rod must never download a browser of its own.
const Bin = "/usr/bin/chromium"

// Launcher is rod's launcher for a headless Chromium at bin, without rod's
// leakless helper (it unpacks a binary at run time) and with the background
// networking off: on a closed network Chromium's own connections fail many
// at a time. Callers add the sandbox, user-data dir and context they need.
func Launcher(bin string) *launcher.Launcher {
	return launcher.New().Bin(bin).Headless(true).Leakless(false).
		Set("disable-gpu").Set("disable-quic").Set("no-first-run").
		Set("disable-background-networking").Set("disable-component-update").Set("disable-sync")
}

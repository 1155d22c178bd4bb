// Package driver runs scenarios in Chromium through go-rod: it launches the
// browser (or connects to a remote one), logs each actor in once per run and
// reuses its cookies, runs every scenario in its own incognito context with
// the monitors attached before the first navigation, and executes the steps
// through a registry of small executors that know Filament and Livewire:
// idle waits, action buttons, modals, direct component invocation.
//
// Run turns everything into an Outcome: proven, failed (an assertion or a
// monitor finding) or error (browser, target, interrupt), with the failing
// step, a one-line redacted reason, the findings and the evidence.
package driver

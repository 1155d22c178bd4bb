// Package driver runs scenarios in Chromium through go-rod: it launches the
// browser (or connects to a remote one), logs each actor in once per run and
// reuses its cookies, runs every scenario in its own incognito context with
// the monitors attached before the first navigation, and executes the steps
// through a registry of small executors that know Filament and Livewire:
// idle waits, action buttons, modals, direct component invocation.
//
// Each step kind is one file, step_<kind>.go: its typed argument struct, its
// definition for the loader and the JSON Schema (a scenario.Def: doc line,
// shorthand, required keys, closed lists, load-time Check) and its executor,
// registered together from the file's init under its scenario.Kind. The
// kinds live here rather than in a package of their own because their
// executors drive the run's tab, sessions, polling and evidence, which would
// all have to be exported otherwise; scenario keeps only the registry of
// definitions, so loading scenarios (proofrun validate) starts no browser.
// A program that loads scenarios imports this package for its kinds.
//
// Run turns everything into an Outcome: proven, failed (an assertion or a
// monitor finding) or error (browser, target, interrupt), with the failing
// step, a one-line redacted reason, the findings and the evidence.
package driver

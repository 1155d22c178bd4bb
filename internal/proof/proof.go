// Package proof holds the records every other part agrees on: the proof rows a
// run appends to proof.jsonl, the monitor findings and step results they carry,
// the run's metadata and the requirement catalogue. It has no behaviour, so the
// driver, the collector and the reports can share it without depending on one
// another.
package proof

import "time"

// Result is the verdict of one scenario (and so of each of its rows).
type Result string

// The results a row can carry, from best to worst for display purposes.
const (
	Proven   Result = "proven"
	Failed   Result = "failed"
	Error    Result = "error" // infrastructure: browser, target, interrupt
	Deferred Result = "deferred"
	Skipped  Result = "skipped"
	Flaky    Result = "flaky" // failed, then proven on a retry
	// NotRun is a planned scenario that never started (interrupt, run
	// timeout, --fail-fast, the browser or target never came up).
	NotRun Result = "not-run"
)

// Finding is one thing a monitor saw on a page that fails a scenario unless an
// allow-list names it.
type Finding struct {
	// Kind is one of the monitor kinds: console, exception, rejection, http,
	// livewire, livewire-error, notification, dialog.
	Kind    string    `json:"kind"`
	URL     string    `json:"url,omitempty"`
	Status  int       `json:"status,omitempty"`
	Message string    `json:"message"`
	Step    string    `json:"step,omitempty"` // the step that was running, as "3 click: Save"
	At      time.Time `json:"at"`
}

// StepResult is one step of a scenario's timeline.
type StepResult struct {
	Index      int    `json:"index"`
	Kind       string `json:"kind"`
	Text       string `json:"text"`           // the step as written, variables expanded, secrets redacted
	File       string `json:"file,omitempty"` // where the step is written (a fragment's file for an included step)
	Line       int    `json:"line,omitempty"`
	Status     string `json:"status"` // passed, failed, skipped
	DurationMS int64  `json:"duration_ms"`
	Error      string `json:"error,omitempty"`
	Screenshot string `json:"screenshot,omitempty"` // path relative to the run directory
	// Rebuilt: the screenshot was rebuilt after the run from the page's DOM
	// (trace on-failure), scripts off: canvas and frame content are not in it.
	Rebuilt bool `json:"screenshot_rebuilt,omitempty"`
}

// Attempt is one try of a scenario that a retry replaced, with its own
// evidence, so a reviewer sees why it was retried.
type Attempt struct {
	Result      Result       `json:"result"`
	FailingStep string       `json:"failing_step,omitempty"`
	Reason      string       `json:"reason,omitempty"`
	Findings    []Finding    `json:"findings,omitempty"`
	Evidence    []string     `json:"evidence,omitempty"`
	Steps       []StepResult `json:"steps,omitempty"`
	Trace       string       `json:"trace,omitempty"` // the trace file, relative to the run directory
	Start       time.Time    `json:"start"`
	DurationMS  int64        `json:"duration_ms"`
}

// MatrixCell is the authorization-matrix part of a row expanded from a matrix
// scenario: one actor against one case.
type MatrixCell struct {
	Matrix   string `json:"matrix"` // the matrix scenario's id
	Case     string `json:"case"`
	Actor    string `json:"actor"`
	Expected int    `json:"expected"`
	Observed int    `json:"observed"` // 0 when the check never got a response
}

// Row is one line of proof.jsonl: one scenario and one requirement it proves.
// A scenario that proves three requirements writes three rows with the same
// everything but Requirement.
type Row struct {
	RunID       string       `json:"run_id"`
	ScenarioID  string       `json:"scenario_id"`
	Title       string       `json:"title"`
	Domain      string       `json:"domain"`
	State       string       `json:"state"`
	Requirement string       `json:"requirement"`
	Actor       string       `json:"actor"`
	Tags        []string     `json:"tags,omitempty"`
	File        string       `json:"file,omitempty"` // scenario file, relative to the working directory
	Line        int          `json:"line,omitempty"`
	Result      Result       `json:"result"`
	FailingStep string       `json:"failing_step,omitempty"`
	Reason      string       `json:"reason,omitempty"`
	Deferred    string       `json:"deferred,omitempty"` // the documented product-decision gap
	Findings    []Finding    `json:"findings,omitempty"`
	Evidence    []string     `json:"evidence,omitempty"` // screenshot paths relative to the run directory
	Steps       []StepResult `json:"steps,omitempty"`
	Trace       string       `json:"trace,omitempty"` // the trace file (trace/<id>.json), relative to the run directory
	Matrix      *MatrixCell  `json:"matrix,omitempty"`
	Attempts    int          `json:"attempts,omitempty"`
	Start       time.Time    `json:"start"`
	DurationMS  int64        `json:"duration_ms"`
	// WaitMS is the time spent waiting on the target (navigation, Livewire
	// updates, HTTP requests); DurationMS-WaitMS is the runner's own overhead.
	WaitMS int64 `json:"wait_ms,omitempty"`
	// Retried are the attempts a retry replaced (--retries), oldest first;
	// the row's own result, steps, findings and evidence are the last
	// attempt's.
	Retried []Attempt `json:"retried,omitempty"`
}

// Requirement is one entry of scenarios/requirements.yaml.
type Requirement struct {
	ID      string `json:"id" yaml:"id"`
	Spec    string `json:"spec" yaml:"spec"`
	Summary string `json:"summary" yaml:"summary"`
	Domain  string `json:"domain,omitempty" yaml:"domain"`
	// Browser is false for requirements a browser cannot prove; Reason says why.
	Browser bool   `json:"browser" yaml:"browser"`
	Reason  string `json:"reason,omitempty" yaml:"reason"`
}

// PlannedScenario is one entry of the plan a run was started with, so a report
// can show scenarios that never produced a row as "not run".
type PlannedScenario struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Domain   string   `json:"domain"`
	State    string   `json:"state"`
	Proves   []string `json:"proves"`
	Actor    string   `json:"actor"`
	File     string   `json:"file,omitempty"`
	Line     int      `json:"line,omitempty"`
	Deferred string   `json:"deferred,omitempty"`
}

// Meta is run.json: what a report needs besides the rows.
type Meta struct {
	RunID    string            `json:"run_id"`
	Version  string            `json:"version"`
	Commit   string            `json:"commit,omitempty"` // git commit of the scenarios, when known
	Target   string            `json:"target"`
	Embedded bool              `json:"embedded"`          // target was the embedded fixture app
	Faults   []string          `json:"faults,omitempty"`  // fixture defects switched on
	Pack     string            `json:"pack"`              // fingerprint of the scenario pack, so merge refuses mixed packs
	PlanID   string            `json:"plan_id,omitempty"` // fingerprint of the plan before sharding, so merge knows the shards add up
	Shard    string            `json:"shard,omitempty"`   // "I/N"
	Started  time.Time         `json:"started"`
	Finished time.Time         `json:"finished"`
	Workers  int               `json:"workers"`
	Command  string            `json:"command,omitempty"` // the command line, secrets redacted
	Plan     []PlannedScenario `json:"plan"`
	// Unplanned are the pack's scenarios this run left out (filters, shard)
	// and PackProves the requirements some scenario of the pack proves, so a
	// report tells "not in this run" from "missing proof".
	Unplanned    []string      `json:"unplanned,omitempty"`
	PackProves   []string      `json:"pack_proves,omitempty"`
	Requirements []Requirement `json:"requirements,omitempty"`
	// States are the catalogue's proof states, in the proof map's order.
	States []string `json:"states,omitempty"`
	// Events are run-level happenings a reviewer must see: a browser crash and
	// relaunch, an interrupt, a run timeout.
	Events      []string `json:"events,omitempty"`
	Interrupted bool     `json:"interrupted,omitempty"`
	FailOnFlaky bool     `json:"fail_on_flaky,omitempty"` // --fail-on-flaky: flaky scenarios fail the run
	// Partial says which shards a merge lacked (--allow-partial); such a run
	// is INCOMPLETE, never PASS.
	Partial string `json:"partial,omitempty"`
}

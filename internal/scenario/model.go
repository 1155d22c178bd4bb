// Package scenario loads proof scenarios from YAML: the model, file:line:col
// errors, variables, includes, matrix expansion, filtering and sharding.
//
// Steps are read from the registry of step kinds (Register, Def): each kind
// brings its typed argument struct, and the loader, the JSON Schema and
// variable expansion (WalkStrings) work from the struct and its definition,
// with no list of kinds or fields of their own. The kinds are registered by
// package driver, next to their executors; include, which the loader splices
// away, is registered here.
package scenario

import "github.com/proofrun/proofrun/internal/proof"

// Pack is everything Load read: the scenarios (matrix scenarios already
// expanded, includes spliced) and the requirement catalogue.
type Pack struct {
	Scenarios    []*Scenario
	Requirements []proof.Requirement // from requirements.yaml; nil when the pack has none
	// Domains and States are the catalogue's: a scenario's domain and state
	// are one of them (nil: not declared, not checked); States is the proof
	// map's order.
	Domains, States []string
	Files           []string // every scenario file read, in load order
	Secrets         []string // the fixtures' credential values, to redact
}

// Scenario is one runnable proof: one file, or one actor x case of a matrix.
type Scenario struct {
	ID       string
	Title    string
	Domain   string
	State    string
	Proves   []string
	Tags     []string
	Actor    string // a key of config actors; "" runs anonymously
	Deferred string
	// Serial scenarios share state with others (they count or change records
	// of the target), so the run gives each one the target to itself.
	Serial bool
	Allow  Allow
	Vars   map[string]string
	Steps  []Step
	Pos    Pos               // where the scenario (or its matrix case) is written
	Matrix *proof.MatrixCell // set on scenarios expanded from a matrix; Observed is filled by the run
}

// Allow is a scenario's expected noise: monitor findings that do not fail it.
type Allow struct {
	Console []string     `json:"console,omitempty"` // regexes on console and exception text
	Status  []StatusRule `json:"status,omitempty"`
}

// StatusRule allows responses whose URL matches the regex URL with status Code
// (Code 0: any status >= 400).
type StatusRule struct {
	URL  string `json:"url" yaml:"url" mapstructure:"url"`
	Code int    `json:"code" yaml:"code" mapstructure:"code"`
}

// Step is one step: Kind is the step's key (visit, click, ...) and Args its
// kind's typed arguments (a pointer, made by the kind's Def.New). The scalar
// form of a step (`see: TEXT`) is stored in the field the kind names as its
// shorthand, so executors read one shape. Values still hold runtime variables
// ({{ secret.X }}, count results); expand them on a Clone with WalkStrings.
type Step struct {
	Kind Kind
	Args Args
	Pos  Pos
	// Source is the step as written (one line, for logs and the timeline).
	Source string
	// From is the include chain that brought this step in, outermost first.
	From []Pos
}

// Package scenario loads proof scenarios from YAML: the model, file:line:col
// errors, variables, includes, matrix expansion, filtering and sharding.
package scenario

import "github.com/proofrun/proofrun/internal/proof"

// Domains are the proof pack's areas; a scenario names exactly one.
var Domains = []string{"restore", "backup", "provider", "cross-workspace", "system-denied", "action-context"}

// States are the proof state categories of spec 401/402/363.
var States = []string{
	"allowed", "unauthorized", "cross-workspace", "system-denied", "blocked", "stale", "expired",
	"partial", "failed", "conflict", "confirm-accepted", "confirm-cancelled", "first-click",
	"missing-context", "redaction",
}

// Pos is a place in a source file, 1-based.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

// Pack is everything Load read: the scenarios (matrix scenarios already
// expanded, includes spliced) and the requirement catalogue.
type Pack struct {
	Scenarios    []*Scenario
	Requirements []proof.Requirement // from requirements.yaml; nil when the pack has none
	Files        []string            // every scenario file read, in load order
	Secrets      []string            // the fixtures' credential values, to redact
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

// Step is one step: Kind is the step's key (visit, click, ...). The scalar
// form of a step (`see: TEXT`) is stored in the Args field that the kind names
// as its shorthand, so executors read one shape. Values still hold runtime
// variables ({{ secret.X }}, count results); expand them with Vars.Expand.
type Step struct {
	Kind string
	Args Args
	Pos  Pos
	// Source is the step as written (one line, for logs and the timeline).
	Source string
	// From is the include chain that brought this step in, outermost first.
	From []Pos
}

// Args is the union of every step kind's arguments. Which fields a kind
// accepts is in the step table (steps.go); a key a kind does not accept is a
// load error.
type Args struct {
	Text      string `yaml:"text" json:"text,omitempty"`           // click, see, dont_see, see_in
	Path      string `yaml:"path" json:"path,omitempty"`           // visit, request
	Method    string `yaml:"method" json:"method,omitempty"`       // request (HTTP method), invoke (component method)
	Status    int    `yaml:"status" json:"status,omitempty"`       // visit, request, invoke: expected status; 0 = default
	Body      string `yaml:"body" json:"body,omitempty"`           // request body
	Selector  string `yaml:"selector" json:"selector,omitempty"`   // click, fill, select, check, see_in, count
	Row       string `yaml:"row" json:"row,omitempty"`             // click, action: the table row one of whose cells reads this text (bulk: the row to select)
	RowMatch  string `yaml:"row_match" json:"row_match,omitempty"` // click, action: how row matches a cell: exact (default), contains, regex
	Match     string `yaml:"match" json:"match,omitempty"`         // click, action: how text/label matches a name: exact (default), contains, regex
	Bulk      bool   `yaml:"bulk" json:"bulk,omitempty"`           // action: a table bulk action, run on the row (default: every row) selected first
	Field     string `yaml:"field" json:"field,omitempty"`         // fill, select, check: label (or selector)
	Value     string `yaml:"value" json:"value,omitempty"`         // fill, select
	Checked   *bool  `yaml:"checked" json:"checked,omitempty"`     // check: default true
	Label     string `yaml:"label" json:"label,omitempty"`         // action
	Expect    string `yaml:"expect" json:"expect,omitempty"`       // action: enabled|disabled|hidden; modal: open|closed
	Heading   string `yaml:"heading" json:"heading,omitempty"`     // modal
	As        string `yaml:"as" json:"as,omitempty"`               // count: variable name
	URL       string `yaml:"url" json:"url,omitempty"`             // expect: URL substring or /regex/
	Title     string `yaml:"title" json:"title,omitempty"`         // expect: title substring
	Name      string `yaml:"name" json:"name,omitempty"`           // screenshot name, login/actor actor, include file
	Expr      string `yaml:"expr" json:"expr,omitempty"`           // assert
	Component string `yaml:"component" json:"component,omitempty"` // invoke: component name; "" = page's main component
	Params    []any  `yaml:"args" json:"args,omitempty"`           // invoke: method arguments
	Call      bool   `yaml:"call" json:"call,omitempty"`           // invoke: then callMountedAction
	// Updates are Livewire property updates sent with invoke's last call, e.g.
	// the mounted action's form data: {mountedActions.0.data.confirmation: X}.
	Updates map[string]any `yaml:"updates" json:"updates,omitempty"`
}

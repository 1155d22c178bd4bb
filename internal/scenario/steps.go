package scenario

import (
	"reflect"
	"strings"
)

// stepKind is one entry of the step table: the shape of a step, by its key.
// The loader checks steps against it and the JSON Schema is generated from
// it, so a new step kind is one entry here (plus its executor in the driver).
type stepKind struct {
	name string
	doc  string
	// fields are the yaml keys of Args the step accepts in its map form.
	fields []string
	// shorthand is the field a scalar value sets (`see: TEXT`); "" when the
	// step needs its map form.
	shorthand string
	// required lists the fields the step needs; "a|b" needs one of them.
	required []string
	// enums restrict fields to closed lists.
	enums map[string][]string
	// check runs kind-specific validation once the Args are read.
	check func(c *stepCheck)
}

// matchModes are how a step's text picks its target: exactly by default,
// looser only when the scenario says so.
var matchModes = []string{"exact", "contains", "regex"}

var matchEnums = map[string][]string{"match": matchModes, "row_match": matchModes}

var stepTable = []stepKind{
	{name: "visit", doc: "navigate, wait for load and Livewire idle, check the document status (default 2xx)",
		fields: []string{"path", "status"}, shorthand: "path", required: []string{"path"}},
	{name: "request", doc: "an HTTP request with the actor's session, outside the UI",
		fields: []string{"method", "path", "status", "body"}, required: []string{"path"},
		enums: map[string][]string{"method": {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}}},
	{name: "login", doc: "log an actor in explicitly",
		fields: []string{"name"}, shorthand: "name", required: []string{"name"}, check: checkActor},
	{name: "actor", doc: "switch the session of the rest of the scenario to an actor",
		fields: []string{"name"}, shorthand: "name", required: []string{"name"}, check: checkActor},
	{name: "click", doc: "click the one element named text (exactly, unless match says otherwise) or matching selector, in the one row named row; never re-clicks on its own",
		fields: []string{"text", "selector", "row", "match", "row_match"}, shorthand: "text", required: []string{"text|selector"},
		enums: matchEnums, check: checkMatchPatterns},
	{name: "fill", doc: "type into a form field found by label or selector",
		fields: []string{"field", "selector", "value"}, required: []string{"field|selector", "value"}},
	{name: "select", doc: "choose an option of a select found by label or selector",
		fields: []string{"field", "selector", "value"}, required: []string{"field|selector", "value"}},
	{name: "check", doc: "tick (or untick with checked: false) a checkbox found by label or selector",
		fields: []string{"field", "selector", "checked"}, required: []string{"field|selector"}},
	{name: "action", doc: "press the one Filament action button named label (header, record, the row named row, or bulk after selecting rows), or assert its state with expect",
		fields: []string{"label", "row", "bulk", "expect", "match", "row_match"}, shorthand: "label", required: []string{"label"},
		enums: map[string][]string{"expect": {"enabled", "disabled", "hidden"}, "match": matchModes, "row_match": matchModes},
		check: checkMatchPatterns},
	{name: "modal", doc: "a Filament modal is open (default) or closed",
		fields: []string{"heading", "expect"},
		enums:  map[string][]string{"expect": {"open", "closed"}}},
	{name: "confirm", doc: "press the open modal's confirm button, wait for Livewire idle"},
	{name: "cancel", doc: "press the open modal's cancel button, wait for Livewire idle"},
	{name: "invoke", doc: "call a Livewire component method directly, bypassing hidden UI",
		fields: []string{"component", "method", "args", "call", "updates", "status"}, required: []string{"method"}},
	{name: "see", doc: "text is on the page (retried until the step timeout)",
		fields: []string{"text"}, shorthand: "text", required: []string{"text"}},
	{name: "dont_see", doc: "text is not on the page",
		fields: []string{"text"}, shorthand: "text", required: []string{"text"}},
	{name: "see_in", doc: "text is inside the element matching selector",
		fields: []string{"selector", "text"}, required: []string{"selector", "text"}},
	{name: "expect", doc: "location assertions: URL substring (or /regex/) and title substring",
		fields: []string{"url", "title"}, required: []string{"url|title"}, check: checkURLPattern},
	{name: "count", doc: "count the elements matching selector, stored as a variable with as",
		fields: []string{"selector", "as"}, shorthand: "selector", required: []string{"selector"}, check: checkCountName},
	{name: "assert", doc: "an expression over count results, e.g. runs_after == runs_before + 1",
		fields: []string{"expr"}, shorthand: "expr", required: []string{"expr"}, check: checkAssert},
	{name: "screenshot", doc: "a named full-page screenshot kept as evidence",
		fields: []string{"name"}, shorthand: "name", required: []string{"name"}},
	{name: "include", doc: "splice the steps of a shared fragment (a path relative to this file)",
		fields: []string{"name"}, shorthand: "name", required: []string{"name"}},
}

// StepKinds is every step key the loader accepts, in table order.
func StepKinds() []string {
	names := make([]string, len(stepTable))
	for i, k := range stepTable {
		names[i] = k.name
	}
	return names
}

func lookupKind(name string) *stepKind {
	for i := range stepTable {
		if stepTable[i].name == name {
			return &stepTable[i]
		}
	}
	return nil
}

// argFields maps each yaml key of Args to its struct field.
var argFields = func() map[string]reflect.StructField {
	m := map[string]reflect.StructField{}
	t := reflect.TypeOf(Args{})
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		m[strings.Split(f.Tag.Get("yaml"), ",")[0]] = f
	}
	return m
}()

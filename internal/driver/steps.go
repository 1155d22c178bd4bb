package driver

import (
	"context"

	"github.com/proofrun/proofrun/internal/scenario"
)

// traits are how the run treats a step kind around its executor.
type traits struct {
	// settle: the step can trigger a Livewire update, so the run waits for
	// Livewire idle after it.
	settle bool
	// login: the step may log an actor in, so it gets the login's budget
	// when that is longer than a step's.
	login bool
	// bodies: the step's requests are its evidence, so the record keeps
	// their response bodies.
	bodies bool
	// passive: the step only looks at the page (or acts outside it), so
	// when the DOM did not change, the screenshot after it is the one
	// before.
	passive bool
}

// executor runs one kind of step.
type executor struct {
	run func(ctx context.Context, r *run, args scenario.Args) error
	traits
}

// executors is the step registry: one entry per step kind but include,
// which the loader splices away.
var executors = map[scenario.Kind]executor{}

// register defines a step kind: def for the loader (its New is made here,
// from A) and its executor, which gets the step's arguments as an *A.
func register[A any](def scenario.Def, t traits, exec func(context.Context, *run, *A) error) {
	def.New = func() scenario.Args { return new(A) }
	scenario.Register(def)
	executors[def.Kind] = executor{traits: t, run: func(ctx context.Context, r *run, args scenario.Args) error {
		return exec(ctx, r, args.(*A))
	}}
}

// matchModes are how a step's text picks its target: exactly by default,
// looser only when the scenario says so.
var matchModes = []string{"exact", "contains", "regex"}

// checkMatch compiles a step's name (under key) and row when their match
// modes make them regexes.
func checkMatch(c *scenario.Check, key, name, match, row, rowMatch string) {
	if c.Has(key) && match == "regex" {
		c.Regex(key, name)
	}
	if c.Has("row") && rowMatch == "regex" {
		c.Regex("row", row)
	}
}

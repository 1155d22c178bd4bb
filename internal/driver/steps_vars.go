package driver

import (
	"context"
	"fmt"
	"regexp"
	"strconv"

	"github.com/expr-lang/expr"

	"github.com/proofrun/proofrun/internal/scenario"
)

// defaultCountName is the variable a count without `as` fills.
const defaultCountName = "count"

// count stores how many elements match the selector, once Livewire is idle.
func count(ctx context.Context, r *run, a scenario.Args) error {
	if err := r.idle(ctx); err != nil {
		return err
	}
	var n int
	if err := r.tab.call(ctx, &n, "count", a.Selector); err != nil {
		return err
	}
	if n < 0 {
		return fmt.Errorf("bad selector %s", a.Selector)
	}
	name := a.As
	if name == "" {
		name = defaultCountName
	}
	r.counts[name] = n
	return nil
}

// identifier finds the variable names of an expression, to show their values.
var identifier = regexp.MustCompile(`\b[A-Za-z_][A-Za-z0-9_]*\b`)

// assert evaluates an expression over the count results; false fails with
// the values: "runs_after == runs_before: 5 == 4 is false".
func assert(_ context.Context, r *run, a scenario.Args) error {
	env := map[string]any{}
	for k, v := range r.counts {
		env[k] = v
	}
	out, err := expr.Eval(a.Expr, env)
	if err != nil {
		return fmt.Errorf("assert %s: %w", a.Expr, err)
	}
	ok, isBool := out.(bool)
	if !isBool {
		return fmt.Errorf("assert %s: the result is %v, not true or false", a.Expr, out)
	}
	if ok {
		return nil
	}
	values := identifier.ReplaceAllStringFunc(a.Expr, func(name string) string {
		if v, ok := r.counts[name]; ok {
			return strconv.Itoa(v)
		}
		return name
	})
	return fmt.Errorf("%s: %s is false", a.Expr, values)
}

// screenshot keeps a named full-page screenshot as evidence.
func screenshot(ctx context.Context, r *run, a scenario.Args) error {
	_, err := r.shoot(ctx, r.tab, a.Name)
	return err
}

// shoot captures t's full page (the scenario's tab, or a login's), secrets
// masked, and hands it to the collector. A page that could not be masked
// gives the placeholder, saved as NAME-withheld so the evidence list says
// so (the image says why).
func (r *run) shoot(ctx context.Context, t *tab, name string) (string, error) {
	png, withheld, err := t.capture(ctx, r.b.opts.Redactor)
	if err != nil {
		return "", fmt.Errorf("screenshot %s: %w", name, err)
	}
	if withheld != "" {
		name += withheldSuffix
	}
	if r.art == nil {
		return "", nil
	}
	path, err := r.art.Screenshot(name, png)
	if err != nil {
		return "", fmt.Errorf("save screenshot %s: %w", name, err)
	}
	r.evidence = append(r.evidence, path)
	return path, nil
}

package driver

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/proofrun/proofrun/internal/scenario"
)

// lookup resolves the run-time variables: count results, the scenario's
// vars, and secret.NAME from the environment (registered as a secret).
func (r *run) lookup(name string) (string, bool) {
	if env, ok := strings.CutPrefix(name, scenario.SecretPrefix); ok {
		v, set := os.LookupEnv(env)
		if set {
			r.b.opts.Redactor.Add(v)
		}
		return v, set
	}
	if n, ok := r.counts[name]; ok {
		return strconv.Itoa(n), true
	}
	v, ok := r.sc.Vars[name]
	return v, ok
}

// expand expands one string, saying which secret is missing.
func (r *run) expand(s string) (string, error) {
	out, err := scenario.Expand(s, r.lookup)
	if err == nil {
		return out, nil
	}
	for _, name := range scenario.RuntimeVars(s) {
		if env, ok := strings.CutPrefix(name, scenario.SecretPrefix); ok {
			if _, set := os.LookupEnv(env); !set {
				return "", fmt.Errorf("secret %s is not set", env)
			}
		}
	}
	return "", err
}

// expandArgs expands every string of a step's arguments. An argument that
// expanding empties (a count, vars entry or secret that is "") would make the
// step prove nothing, so the proof cannot be made: an error naming the
// variables, never a pass.
func (r *run) expandArgs(a scenario.Args) (scenario.Args, error) {
	for _, f := range []struct {
		name string
		p    *string
	}{
		{"text", &a.Text}, {"path", &a.Path}, {"method", &a.Method}, {"body", &a.Body}, {"selector", &a.Selector},
		{"row", &a.Row}, {"field", &a.Field}, {"value", &a.Value}, {"label", &a.Label}, {"expect", &a.Expect},
		{"heading", &a.Heading}, {"as", &a.As}, {"url", &a.URL}, {"title", &a.Title}, {"name", &a.Name},
		{"expr", &a.Expr}, {"component", &a.Component},
	} {
		v, err := r.expand(*f.p)
		if err != nil {
			return a, err
		}
		if strings.TrimSpace(v) == "" && strings.TrimSpace(*f.p) != "" && !scenario.ArgMayBeEmpty(f.name) {
			return a, infraf("could not prove: %s is empty once %s is expanded, so the step would prove nothing",
				f.name, strings.Join(scenario.RuntimeVars(*f.p), ", "))
		}
		*f.p = v
	}
	params, err := r.expandAny(a.Params)
	if err != nil {
		return a, err
	}
	if params != nil {
		a.Params = params.([]any)
	}
	updates, err := r.expandAny(a.Updates)
	if err != nil {
		return a, err
	}
	if updates != nil {
		a.Updates = updates.(map[string]any)
	}
	return a, nil
}

// expandAny expands the strings inside invoke arguments (YAML values).
func (r *run) expandAny(v any) (any, error) {
	switch x := v.(type) {
	case string:
		return r.expand(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			var err error
			if out[i], err = r.expandAny(e); err != nil {
				return nil, err
			}
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			var err error
			if out[k], err = r.expandAny(e); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return v, nil
}

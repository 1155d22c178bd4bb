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

// expandArgs expands every string of a step's arguments, on a copy: its
// string fields and the strings inside its free values (invoke's args and
// updates), found by walking the arguments, so a new field needs no list. An
// argument that expanding empties (a count, vars entry or secret that is "")
// would make the step prove nothing, so the proof cannot be made: an error
// naming the variables, never a pass. The kind says which arguments may be
// empty.
func (r *run) expandArgs(st scenario.Step) (scenario.Args, error) {
	def := scenario.Lookup(st.Kind)
	args := scenario.Clone(st.Args)
	err := scenario.WalkStrings(args, func(f scenario.Field) error {
		v, err := r.expand(*f.P)
		if err != nil {
			return err
		}
		if !f.Free && strings.TrimSpace(v) == "" && strings.TrimSpace(*f.P) != "" && !def.ArgMayBeEmpty(f.Key) {
			return infraf("could not prove: %s is empty once %s is expanded, so the step would prove nothing",
				f.Key, strings.Join(scenario.RuntimeVars(*f.P), ", "))
		}
		*f.P = v
		return nil
	})
	return args, err
}

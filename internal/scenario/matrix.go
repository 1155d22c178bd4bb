package scenario

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/proofrun/proofrun/internal/proof"
)

var matrixKeys = []string{"actors", "cases"}
var caseKeys = []string{"name", "visit", "request", "expect"}

// matrix expands a matrix scenario (spec 402) into one scenario per case and
// actor, each a single visit or request expecting that actor's status.
func (f file) matrix(n *Node, base *Scenario, s *scope) []*Scenario {
	fs, ok := f.mapping(n, "matrix", matrixKeys)
	if !ok {
		return nil
	}
	actorsN, casesN := fs.get("actors"), fs.get("cases")
	if actorsN == nil || casesN == nil {
		f.errf(n, "a matrix needs actors and cases")
		return nil
	}
	actors, nodes := f.strList(actorsN, "matrix actors")
	for i, a := range actors {
		f.checkActor(nodes[i], a)
		if slices.Index(actors, a) < i {
			f.errf(nodes[i], "actor %q is listed twice", a)
		}
	}
	if len(actors) == 0 || casesN.Kind != SequenceNode || len(casesN.Content) == 0 {
		f.errf(n, "a matrix needs at least one actor and a list of cases")
		return nil
	}
	var out []*Scenario
	for _, cn := range casesN.Content {
		out = append(out, f.matrixCase(cn, base, actors, s)...)
	}
	return out
}

// matrixCase reads one case and expands it over the actors.
func (f file) matrixCase(n *Node, base *Scenario, actors []string, s *scope) []*Scenario {
	fs, ok := f.mapping(n, "matrix case", caseKeys)
	if !ok {
		return nil
	}
	name := ""
	if nn := fs.get("name"); nn != nil {
		name, _ = f.str(nn, "case name")
		name = f.expand(nn, name, s)
	}
	slug := slugify(name)
	if slug == "" {
		f.errf(n, "a matrix case needs a name with letters or digits")
	}
	st, ok := f.caseProbe(n, fs, s)
	expected := f.expectations(n, fs.get("expect"), name, actors)
	if !ok || slug == "" || len(expected) != len(actors) {
		return nil
	}
	var out []*Scenario
	for _, actor := range actors {
		code := expected[actor]
		state := base.State
		if state == "" {
			if state = derivedState(code.status, base.Domain, f.states); state == "" {
				f.errf(code.at, "no state follows from status %d: set the scenario's state", code.status)
				continue
			}
		}
		step := st
		step.Args = Clone(st.Args)
		Lookup(step.Kind).value(step.Args, "status").SetInt(int64(code.status))
		step.Source = renderStep(&step, setFields(&step), false)
		cell := *base
		cell.ID = base.ID + "/" + slug + "/" + actor
		cell.Title = fmt.Sprintf("%s: %s as %s", cmp.Or(base.Title, base.ID), name, actor)
		cell.Actor, cell.State, cell.Pos = actor, state, f.src.pos(n)
		cell.Proves, cell.Tags = slices.Clone(base.Proves), slices.Clone(base.Tags)
		cell.Steps = []Step{step}
		cell.Matrix = &proof.MatrixCell{Matrix: base.ID, Case: name, Actor: actor, Expected: code.status}
		out = append(out, &cell)
	}
	return out
}

// caseProbe reads the case's one visit or request.
func (f file) caseProbe(n *Node, fs fields, s *scope) (Step, bool) {
	var probes []field
	for _, fd := range fs {
		if fd.key == "visit" || fd.key == "request" {
			probes = append(probes, fd)
		}
	}
	if len(probes) != 1 {
		f.errf(n, "a matrix case needs one visit or request")
		return Step{}, false
	}
	p := probes[0]
	st, ok := f.step(&Node{Kind: MappingNode, Tag: "!!map", Content: []*Node{p.kn, p.val}}, s)
	if ok && argValue(&st, "status") != Status(0) {
		f.errf(p.val, "the status of a matrix case comes from its expect map")
		ok = false
	}
	return st, ok
}

type expectation struct {
	status int
	at     *Node
}

// expectations reads `expect: {actor: status}`; every actor needs one.
func (f file) expectations(n, en *Node, name string, actors []string) map[string]expectation {
	out := map[string]expectation{}
	if en == nil {
		f.errf(n, "matrix case %q needs expect: {actor: status}", name)
		return out
	}
	fs, ok := f.mapping(en, "expect", actors)
	if !ok {
		return out
	}
	for _, fd := range fs {
		if code, ok := f.status(fd.val, "expected status"); ok {
			out[fd.key] = expectation{status: code, at: fd.val}
		}
	}
	for _, a := range actors {
		if fs.get(a) == nil {
			f.errf(n, "matrix case %q has no expectation for actor %q", name, a)
		}
	}
	return out
}

// derivedState is the proof state an expected status shows, "" when none
// follows. A 404 in a domain that is also one of states (system-denied)
// proves that state.
func derivedState(status int, domain string, states []string) string {
	switch {
	case status >= 200 && status < 300:
		return "allowed"
	case status == 401 || status == 403:
		return "unauthorized"
	case status == 404 && slices.Contains(states, domain):
		return domain
	case status == 404:
		return "cross-workspace"
	}
	return ""
}

// setFields lists the keys of a step that hold a value, in struct order.
func setFields(st *Step) []string {
	var keys []string
	for _, key := range Lookup(st.Kind).Keys() {
		if !reflect.ValueOf(argValue(st, key)).IsZero() {
			keys = append(keys, key)
		}
	}
	return keys
}

// slugify makes a case name an id segment: "Backup set list" -> "backup-set-list".
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

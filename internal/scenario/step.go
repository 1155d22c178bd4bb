package scenario

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// step reads one step, a one-key map such as `click: Save`. ok is false when
// the step is not a step at all (no kind to report).
func (f file) step(n *Node, sc *scope) (Step, bool) {
	if n.Kind != MappingNode || len(n.Content) != 2 {
		f.errf(n, "a step must be a one-key map like `click: Save`, not %s", describeStep(n))
		return Step{}, false
	}
	kn := n.Content[0]
	def := Lookup(Kind(kn.Value))
	if kn.Kind != ScalarNode || def == nil {
		f.errf(kn, "unknown step %q%s", kn.Value, suggest(kn.Value, StepKinds()))
		return Step{}, false
	}
	st := Step{Kind: def.Kind, Args: def.New(), Pos: f.src.pos(kn), From: sc.from}
	c := &Check{f: f, def: def, args: st.Args, nodes: map[string]*Node{}, sc: sc}
	val := n.Content[1]
	keys := def.Keys()
	var order []string
	switch {
	case isNull(val):
	case val.Kind == ScalarNode && def.Shorthand != "":
		f.setArg(c, def.Shorthand, val)
		order = []string{def.Shorthand}
	case len(keys) == 0 && (val.Kind != MappingNode || len(val.Content) > 0):
		f.errf(val, "%s takes no arguments: write `%s: {}`", def.Kind, def.Kind)
	case val.Kind == MappingNode:
		fs, _ := f.mapping(val, string(def.Kind)+" step", keys)
		for _, fd := range fs {
			f.setArg(c, fd.key, fd.val)
			order = append(order, fd.key)
		}
	default:
		f.errf(val, "%s step needs a map like {%s}, not %s", def.Kind, strings.Join(keys, ", "), kindName(val))
	}
	ok := f.checkRequired(c, val)
	for _, key := range keys {
		if allowed, n := def.Enums[key], c.nodes[key]; allowed != nil && n != nil {
			ok = f.oneOf(n, key, fmt.Sprint(def.value(st.Args, key).Interface()), allowed) && ok
		}
	}
	if ck, is := st.Args.(Checker); is && ok && !c.vacuous {
		ck.Check(c)
	}
	st.Source = renderStep(&st, order, val.Kind == ScalarNode && def.Shorthand != "")
	return st, true
}

// describeStep names what stands where a step should be.
func describeStep(n *Node) string {
	if n.Kind == MappingNode {
		return fmt.Sprintf("a map of %d keys", len(n.Content)/2)
	}
	return kindName(n)
}

func (f file) checkRequired(c *Check, at *Node) bool {
	ok := true
	for _, req := range c.def.Required {
		alts := strings.Split(req, "|")
		found := false
		for _, a := range alts {
			found = found || c.nodes[a] != nil
		}
		if !found {
			f.errf(at, "%s step needs %s", c.def.Kind, strings.Join(alts, " or "))
			ok = false
		}
	}
	return ok
}

// setArg reads one field into the step's arguments, by the field's Go type.
func (f file) setArg(c *Check, key string, n *Node) {
	if isNull(n) {
		return
	}
	typ := c.def.field(key).typ
	v := c.def.value(c.args, key)
	what := string(c.def.Kind) + " " + key
	ok := true
	switch {
	case typ.Kind() == reflect.String:
		var s string
		if s, ok = f.str(n, what); ok {
			x := f.expand(n, s, c.sc)
			c.vacuous = c.vacuous || !f.notVacuous(n, c.def.ArgMayBeEmpty(key), what, s, x)
			v.SetString(x)
		}
	case typ == statusType:
		var i int
		if i, ok = f.status(n, what); ok {
			v.SetInt(int64(i))
		}
	case typ.Kind() == reflect.Bool || typ == boolPtr:
		var b bool
		if b, ok = f.boolean(n, what); ok && typ == boolPtr {
			v.Set(reflect.ValueOf(&b))
		} else if ok {
			v.SetBool(b)
		}
	default: // free YAML: []any or map[string]any
		want, shape := SequenceNode, "a list"
		if typ == anyMap {
			want, shape = MappingNode, "a map"
		}
		if n.Kind != want {
			f.errf(n, "%s must be %s, not %s", what, shape, kindName(n))
			return
		}
		var val any
		if val, ok = f.anyValue(n, c.sc); ok {
			v.Set(reflect.ValueOf(val))
		}
	}
	if ok {
		c.nodes[key] = n
	}
}

// notVacuous rejects a string argument that is empty, or becomes empty once
// its load-time variables are expanded: a step with an empty argument proves
// nothing (`see: ""` is on every page). Runtime variables are checked when
// the step runs.
func (f file) notVacuous(n *Node, mayBeEmpty bool, what, raw, expanded string) bool {
	if mayBeEmpty || strings.TrimSpace(expanded) != "" {
		return true
	}
	if refs := template.FindAllString(raw, -1); len(refs) > 0 {
		f.errf(n, "%s is empty once %s is expanded: a step with an empty argument proves nothing", what, strings.Join(refs, ", "))
	} else {
		f.errf(n, "%s is empty: a step with an empty argument proves nothing", what)
	}
	return false
}

// maxValueNodes bounds a free-form value, so that YAML aliases cannot blow
// one up exponentially.
const maxValueNodes = 10000

// anyValue reads free-form YAML (invoke arguments), expanding variables in
// its strings.
func (f file) anyValue(n *Node, sc *scope) (any, bool) {
	budget := maxValueNodes
	v := f.walkValue(n, sc, &budget)
	if budget < 0 {
		f.errf(n, "value too large (over %d items, aliases included)", maxValueNodes)
		return nil, false
	}
	return v, true
}

func (f file) walkValue(n *Node, sc *scope, budget *int) any {
	if *budget--; *budget < 0 {
		return nil
	}
	switch n.Kind {
	case SequenceNode:
		list := make([]any, 0, len(n.Content))
		for _, item := range n.Content {
			list = append(list, f.walkValue(item, sc, budget))
		}
		return list
	case MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = f.walkValue(n.Content[i+1], sc, budget)
		}
		return m
	}
	if n.Tag == "!!str" {
		return f.expand(n, n.Value, sc)
	}
	v, _, err := n.Any()
	if err != nil {
		f.errf(n, "bad value %q: %s", n.Value, err)
	}
	return v
}

// renderStep writes the step back as one line of flow YAML, with load-time
// variables expanded: `click: Save`, `action: {label: Restore, expect: disabled}`.
func renderStep(st *Step, order []string, short bool) string {
	if short && len(order) == 1 {
		return string(st.Kind) + ": " + renderValue(argValue(st, order[0]))
	}
	parts := make([]string, len(order))
	for i, key := range order {
		parts[i] = key + ": " + renderValue(argValue(st, key))
	}
	return string(st.Kind) + ": {" + strings.Join(parts, ", ") + "}"
}

func renderValue(v any) string {
	switch x := v.(type) {
	case string:
		if x == "" {
			return `""`
		}
		return strings.Join(strings.Fields(x), " ")
	case Status:
		return strconv.Itoa(int(x))
	case *bool:
		if x == nil {
			return "null"
		}
		return strconv.FormatBool(*x)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// Describe renders a step built in code (no Source) the way the loader
// writes Source: `kind: {key: value, ...}` with the arguments that are set.
func Describe(st Step) string {
	if Lookup(st.Kind) == nil {
		return string(st.Kind)
	}
	return renderStep(&st, setFields(&st), false)
}

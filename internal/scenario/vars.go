package scenario

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// template matches a {{ name }} reference; group 1 is the name, spaces trimmed.
var template = regexp.MustCompile(`\{\{\s*(.*?)\s*\}\}`)

// varName is what may stand between the braces: dotted names.
var varName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$`)

// SecretPrefix marks a variable read from the environment at run time (and
// redacted wherever it would be written).
const SecretPrefix = "secret."

// Expand replaces every {{ name }} in s with lookup(name). It is the run-time
// half of variables: the loader resolves fixtures and vars, and leaves secrets
// and count results for the driver. An unknown name is an error naming it.
func Expand(s string, lookup func(name string) (string, bool)) (string, error) {
	var err error
	out := template.ReplaceAllStringFunc(s, func(ref string) string {
		name := template.FindStringSubmatch(ref)[1]
		if err != nil {
			return ref
		}
		if !varName.MatchString(name) {
			err = fmt.Errorf("bad variable name %q", name)
			return ref
		}
		v, ok := lookup(name)
		if !ok {
			err = fmt.Errorf("unknown variable %q", name)
			return ref
		}
		return v
	})
	if err != nil {
		return "", err
	}
	return out, nil
}

// RuntimeVars lists the names of the {{ ... }} references left in s, in
// order of appearance.
func RuntimeVars(s string) []string {
	var names []string
	for _, m := range template.FindAllStringSubmatch(s, -1) {
		names = append(names, m[1])
	}
	return names
}

// scope is what a string of a scenario may refer to while it loads.
type scope struct {
	vars    map[string]string // the scenario's vars (and its fragments'), resolved
	counted map[string]bool   // count results defined by earlier steps
	from    []Pos             // the include chain, outermost first
}

func (sc *scope) runtime(name string) bool {
	return strings.HasPrefix(name, SecretPrefix) || sc.counted[name]
}

// expand resolves the load-time variables of s, a string written at node n,
// and reports each unknown one at its {{.
func (f file) expand(n *Node, s string, sc *scope) string {
	refs := template.FindAllStringSubmatchIndex(s, -1)
	if refs == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for i, m := range refs {
		b.WriteString(s[last:m[0]])
		last = m[1]
		name := s[m[2]:m[3]]
		v, ok, problem := f.resolve(name, sc)
		if problem != "" {
			f.errs.add(f.src.find(n, "{{", i), "%s%s", problem, includedFrom(sc.from))
		}
		if ok {
			b.WriteString(v)
		} else {
			b.WriteString(s[m[0]:m[1]])
		}
	}
	b.WriteString(s[last:])
	return b.String()
}

// resolve looks a name up in vars, then fixtures. Runtime names stay
// unresolved without a problem.
func (f file) resolve(name string, sc *scope) (value string, ok bool, problem string) {
	if !varName.MatchString(name) {
		return "", false, fmt.Sprintf("bad variable name %q", name)
	}
	if v, ok := sc.vars[name]; ok {
		return v, true, ""
	}
	if sc.runtime(name) {
		return "", false, ""
	}
	v, problem := f.lookupFixture(name)
	if problem == "" {
		return v, true, ""
	}
	if strings.HasPrefix(problem, "unknown") {
		problem += didYouMean(name, f.knownNames(sc))
	}
	return "", false, problem
}

// lookupFixture follows a dotted path through the fixtures' maps (and lists,
// by index) to a scalar.
func (f file) lookupFixture(name string) (string, string) {
	var cur any = f.opts.Fixtures
	for _, part := range strings.Split(name, ".") {
		next, ok := child(cur, part)
		if !ok {
			return "", fmt.Sprintf("unknown variable %q", name)
		}
		cur = next
	}
	in := cmp.Or(f.opts.FixturesFile, "the fixtures")
	switch cur.(type) {
	case map[string]any, map[any]any:
		return "", fmt.Sprintf("variable %q is a map in %s, not a value", name, in)
	case []any:
		return "", fmt.Sprintf("variable %q is a list in %s, not a value", name, in)
	case nil:
		return "", fmt.Sprintf("variable %q is empty in %s", name, in)
	}
	return fmt.Sprint(cur), ""
}

// knownNames is every name a reference could have meant, for suggestions:
// vars, count results and the fixtures' leaves.
func (f file) knownNames(sc *scope) []string {
	var names []string
	for name := range sc.vars {
		names = append(names, name)
	}
	for name := range sc.counted {
		names = append(names, name)
	}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		m, ok := v.(map[string]any)
		if !ok {
			names = append(names, prefix)
			return
		}
		for k, sub := range m {
			walk(strings.TrimPrefix(prefix+"."+k, "."), sub)
		}
	}
	walk("", f.opts.Fixtures)
	slices.Sort(names)
	return names
}

// child is one step down a fixtures path.
func child(cur any, part string) (any, bool) {
	switch c := cur.(type) {
	case map[string]any:
		v, ok := c[part]
		return v, ok
	case map[any]any:
		v, ok := c[part]
		return v, ok
	case []any:
		i, err := strconv.Atoi(part)
		if err != nil || i < 0 || i >= len(c) {
			return nil, false
		}
		return c[i], true
	}
	return nil, false
}

func includedFrom(chain []Pos) string {
	if len(chain) == 0 {
		return ""
	}
	last := chain[len(chain)-1]
	return fmt.Sprintf(" (included from %s:%d)", last.File, last.Line)
}

// identifier is a name usable as a var or a count result (and so in assert).
var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// vars reads a `vars:` map (of a scenario or a fragment). Values may use
// fixture variables and secrets; they are resolved here.
func (f file) vars(n *Node) map[string]string {
	fs, ok := f.mapping(n, "vars", nil)
	if !ok || len(fs) == 0 {
		return nil
	}
	out := map[string]string{}
	fixturesOnly := &scope{}
	for _, fd := range fs {
		if !identifier.MatchString(fd.key) || fd.key == "secret" {
			f.errf(fd.kn, "bad variable name %q (letters, digits and _; not \"secret\")", fd.key)
			continue
		}
		if s, ok := f.str(fd.val, "variable "+fd.key); ok {
			out[fd.key] = f.expand(fd.val, s, fixturesOnly)
		}
	}
	return out
}

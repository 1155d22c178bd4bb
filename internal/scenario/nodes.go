package scenario

import (
	"fmt"
	"slices"
	"strings"
)

// file binds the loader to one source so that node helpers can place their
// errors.
type file struct {
	*loader
	src *source
}

func (f file) errf(n *Node, format string, args ...any) {
	f.errs.add(f.src.pos(n), format, args...)
}

// field is one key of a YAML map.
type field struct {
	key string
	kn  *Node // the key, where "unknown key" points
	val *Node
}

// fields is a YAML map's keys in the order written.
type fields []field

func (fs fields) get(key string) *Node {
	for _, f := range fs {
		if f.key == key {
			return f.val
		}
	}
	return nil
}

// key is the node of a key, where an error about the whole field points.
func (fs fields) key(key string) *Node {
	for _, f := range fs {
		if f.key == key {
			return f.kn
		}
	}
	return nil
}

func isNull(n *Node) bool {
	return n.Kind == ScalarNode && n.Tag == "!!null"
}

// kindName says what a node is, for "must be a ..." messages.
func kindName(n *Node) string {
	switch n.Kind {
	case MappingNode:
		return "a map"
	case SequenceNode:
		return "a list"
	}
	if isNull(n) {
		return "empty"
	}
	return fmt.Sprintf("%q", n.Value)
}

// mapping checks that n is a map of known, non-repeated keys and returns its
// fields. what names the map in messages ("" for a file's top level).
func (f file) mapping(n *Node, what string, known []string) (fields, bool) {
	if n.Kind != MappingNode {
		f.errf(n, "%s must be a map, not %s", strings.TrimSpace(what), kindName(n))
		return nil, false
	}
	var fs fields
	seen := map[string]*Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, val := n.Content[i], n.Content[i+1]
		if kn.Kind != ScalarNode {
			f.errf(kn, "a key%s must be a name, not %s", in(what), kindName(kn))
			continue
		}
		if first, dup := seen[kn.Value]; dup {
			f.errf(kn, "duplicate key %q%s (first at line %d)", kn.Value, in(what), first.Line)
			continue
		}
		seen[kn.Value] = kn
		if known != nil && !slices.Contains(known, kn.Value) {
			f.errf(kn, "unknown key %q%s%s", kn.Value, in(what), suggest(kn.Value, known))
			continue
		}
		fs = append(fs, field{key: kn.Value, kn: kn, val: val})
	}
	return fs, true
}

func in(what string) string {
	if what == "" {
		return ""
	}
	return " in " + what
}

// str reads a scalar as text; null reads as "".
func (f file) str(n *Node, what string) (string, bool) {
	if n.Kind != ScalarNode {
		f.errf(n, "%s must be text, not %s", what, kindName(n))
		return "", false
	}
	if isNull(n) {
		return "", true
	}
	return n.Value, true
}

// strList reads a list of scalars.
func (f file) strList(n *Node, what string) ([]string, []*Node) {
	if n.Kind != SequenceNode {
		f.errf(n, "%s must be a list, not %s", what, kindName(n))
		return nil, nil
	}
	var out []string
	var nodes []*Node
	for _, item := range n.Content {
		if s, ok := f.str(item, what+" entry"); ok {
			out = append(out, s)
			nodes = append(nodes, item)
		}
	}
	return out, nodes
}

func (f file) integer(n *Node, what string) (int, bool) {
	v, ok := n.Int()
	if !ok {
		f.errf(n, "%s must be a whole number, not %s", what, kindName(n))
		return 0, false
	}
	return v, true
}

func (f file) boolean(n *Node, what string) (bool, bool) {
	v, ok := n.Bool()
	if !ok {
		f.errf(n, "%s must be true or false, not %s", what, kindName(n))
		return false, false
	}
	return v, true
}

// status checks an HTTP status code.
func (f file) status(n *Node, what string) (int, bool) {
	code, ok := f.integer(n, what)
	if ok && (code < 100 || code > 599) {
		f.errf(n, "%s %d is not an HTTP status (100..599)", what, code)
		return 0, false
	}
	return code, ok
}

// oneOf checks a value against a closed list.
func (f file) oneOf(n *Node, what, value string, allowed []string) bool {
	if slices.Contains(allowed, value) {
		return true
	}
	f.errf(n, "unknown %s %q%s", what, value, suggest(value, allowed))
	return false
}

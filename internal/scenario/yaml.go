package scenario

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/proofrun/proofrun/internal/srcpos"
)

// NodeKind is the shape of a YAML node.
type NodeKind int

// The node kinds. Aliases are followed and merge keys applied while the
// tree is built, so a loader sees only these three.
const (
	ScalarNode NodeKind = iota + 1
	MappingNode
	SequenceNode
)

// Style is how a scalar is written, so that a column inside it can be placed.
type Style int

// The scalar styles.
const (
	PlainStyle Style = iota
	DoubleQuotedStyle
	SingleQuotedStyle
	LiteralStyle
	FoldedStyle
)

// Node is one YAML node with where it is written (1-based line and column):
// the parser's node (go.yaml.in/yaml/v4) reduced to what the loaders read.
type Node struct {
	Kind    NodeKind
	Tag     string // of a scalar: !!str, !!int, !!float, !!bool or !!null
	Value   string // a scalar's text: the string, or the number as written
	Style   Style
	Line    int
	Column  int
	Content []*Node // a list's items; a map's keys and values, alternating
	value   any     // a scalar's typed value, but for a string (Value)
}

// maxMergedKeys bounds the keys merge keys copy into maps, so that chains
// of `<<` cannot grow the tree quadratically.
const maxMergedKeys = 100_000

// ParseYAML parses the text of one YAML file (already checked with
// CheckBounds) into its document's root node, nil when the document is
// empty. A syntax error, a second document or a bad merge key comes back
// placed in the file.
func ParseYAML(path, text string) (root *Node, e *Error) {
	defer func() { // a panic in the parser is a file it cannot read, not a crash
		if r := recover(); r != nil {
			root, e = nil, placedAt(path, text, 1, 1, fmt.Sprintf("the YAML parser failed on this file: %v", r))
		}
	}()
	dec := yaml.NewDecoder(strings.NewReader(text))
	var doc yaml.Node
	if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
		return nil, nil
	} else if err != nil {
		return nil, SyntaxError(path, text, err)
	}
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		return nil, placedAt(path, text, next.Line, next.Column, "a second YAML document: a file holds one")
	} else if !errors.Is(err, io.EOF) {
		return nil, SyntaxError(path, text, err)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	b := &builder{path: path, text: text, built: map[*yaml.Node]*Node{}, merged: maxMergedKeys}
	if root = b.node(doc.Content[0]); b.err != nil {
		return nil, b.err
	}
	return root, nil
}

// SyntaxError places a YAML parse error at the mark the parser stopped at;
// config places its file's syntax errors with it too.
func SyntaxError(path, text string, err error) *Error {
	var le *yaml.LoadError
	if errors.As(err, &le) && le.Mark.Line > 0 {
		at, msg := le.Mark, le.Message
		// At the end of the text, the place to fix is where what was left
		// open (a quote, a bracket) starts.
		if le.ContextMark.Line > 0 && le.Mark.Index >= len(strings.TrimRight(text, " \t\r\n")) {
			at, msg = le.ContextMark, msg+" "+le.ContextMsg
		}
		if line := srcpos.Line(text, at.Line); at.Column >= 1 && at.Column <= len(line) && line[at.Column-1] == '\t' && !strings.Contains(msg, "tab") {
			msg += ": a tab (indent with spaces)"
		}
		return placedAt(path, text, at.Line, max(at.Column, 1), msg)
	}
	return placedAt(path, text, 1, 1, strings.TrimPrefix(err.Error(), "yaml: "))
}

func placedAt(path, text string, line, col int, msg string) *Error {
	return &Error{Pos: Pos{File: path, Line: line, Col: col}, Msg: msg, Source: srcpos.Line(text, line)}
}

// builder turns the parser's nodes into Nodes, following aliases to the
// node their anchor names (shared, not copied) and applying merge keys.
type builder struct {
	path, text string
	built      map[*yaml.Node]*Node // anchored nodes, for their aliases
	merged     int                  // merge-key copies still allowed
	err        *Error
	slab       []Node  // nodes allocated a chunk at a time: loading is mostly this
	refs       []*Node // the same for the maps' and lists' contents
}

// content is room for a map's or a list's n items, from the slab; what a
// merge key appends past it moves it out.
func (b *builder) content(n int) []*Node {
	if len(b.refs)+n > cap(b.refs) {
		b.refs = make([]*Node, 0, max(n, 256))
	}
	l := len(b.refs)
	b.refs = b.refs[:l+n]
	return b.refs[l : l : l+n]
}

// new is a fresh node from the slab.
func (b *builder) new(kind NodeKind, n *yaml.Node) *Node {
	if len(b.slab) == cap(b.slab) {
		b.slab = make([]Node, 0, 64)
	}
	b.slab = append(b.slab, Node{Kind: kind, Line: n.Line, Column: n.Column})
	return &b.slab[len(b.slab)-1]
}

func (b *builder) fail(n *yaml.Node, msg string) *Node {
	if b.err == nil {
		b.err = placedAt(b.path, b.text, n.Line, n.Column, msg)
	}
	return &Node{Kind: ScalarNode, Tag: "!!null"}
}

func (b *builder) node(n *yaml.Node) *Node {
	if b.err != nil {
		return &Node{Kind: ScalarNode, Tag: "!!null"}
	}
	if n.Kind == yaml.AliasNode {
		// The parser refuses an alias without its anchor before it; one
		// inside what its anchor names is refused here.
		if target, ok := b.built[n.Alias]; ok {
			return target
		}
		return b.fail(n, fmt.Sprintf("the alias *%s names a node that contains it", n.Value))
	}
	var out *Node
	switch n.Kind {
	case yaml.MappingNode:
		out = b.mapping(n)
	case yaml.SequenceNode:
		out = b.new(SequenceNode, n)
		out.Content = b.content(len(n.Content))
		for _, v := range n.Content {
			out.Content = append(out.Content, b.node(v))
		}
	case yaml.ScalarNode:
		out = b.scalar(n)
	default:
		return b.fail(n, "unsupported YAML node")
	}
	if n.Anchor != "" {
		b.built[n] = out
	}
	return out
}

// mapping builds a map, applying merge keys in place of the `<<`: a key
// written in the map wins over a merged one, and an earlier merged map over
// a later one.
func (b *builder) mapping(n *yaml.Node) *Node {
	out := b.new(MappingNode, n)
	out.Content = b.content(len(n.Content))
	merge := func(k *yaml.Node) bool { return k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" }
	var have map[string]bool // the keys written, once a merge key is seen
	for i := 0; i+1 < len(n.Content); i += 2 {
		if merge(n.Content[i]) {
			have = map[string]bool{}
			break
		}
	}
	for i := 0; have != nil && i+1 < len(n.Content); i += 2 {
		if !merge(n.Content[i]) {
			have[n.Content[i].Value] = true
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !merge(k) {
			out.Content = append(out.Content, b.node(k), b.node(v))
			continue
		}
		merges := []*Node{b.node(v)}
		if merges[0].Kind == SequenceNode {
			merges = merges[0].Content
		}
		for _, m := range merges {
			if m.Kind != MappingNode {
				return b.fail(k, "a merge key (<<) must name a map or a list of maps")
			}
			for j := 0; j+1 < len(m.Content); j += 2 {
				if key := m.Content[j].Value; !have[key] {
					if b.merged--; b.merged < 0 {
						return b.fail(k, fmt.Sprintf("merge keys copy more than %d keys", maxMergedKeys))
					}
					have[key] = true
					out.Content = append(out.Content, m.Content[j], m.Content[j+1])
				}
			}
		}
	}
	return out
}

// scalar builds a scalar node, typed by the tag the parser resolved (YAML
// 1.2's core schema) or the one written.
func (b *builder) scalar(n *yaml.Node) *Node {
	out := b.new(ScalarNode, n)
	out.Value = n.Value
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		out.Style = DoubleQuotedStyle
	case n.Style&yaml.SingleQuotedStyle != 0:
		out.Style = SingleQuotedStyle
	case n.Style&yaml.LiteralStyle != 0:
		out.Style = LiteralStyle
	case n.Style&yaml.FoldedStyle != 0:
		out.Style = FoldedStyle
	}
	tag := n.ShortTag()
	var ok bool
	switch tag {
	case "!!null":
		out.Value, ok = "", true
	case "!!bool":
		out.value, ok = boolOf(n.Value)
	case "!!int":
		out.value, ok = intOf(n.Value)
	case "!!float":
		out.value, ok = floatOf(n.Value)
	case "!!str", "!!timestamp": // a date is text here
		tag, ok = "!!str", true // its value is Value
	default:
		return b.fail(n, fmt.Sprintf("unsupported YAML tag %s", tag))
	}
	if !ok {
		return b.fail(n, fmt.Sprintf("tag %s does not fit %q", tag, n.Value))
	}
	out.Tag = tag
	return out
}

func boolOf(s string) (any, bool) {
	switch s {
	case "true", "True", "TRUE":
		return true, true
	case "false", "False", "FALSE":
		return false, true
	}
	return nil, false
}

// intOf reads an integer the way the parser resolved it: a sign, a 0x, 0o
// or 0b prefix, underscores; beyond int64, unsigned.
func intOf(s string) (any, bool) {
	plain := strings.ReplaceAll(s, "_", "")
	if i, err := strconv.ParseInt(plain, 0, 64); err == nil {
		return i, true
	}
	if u, err := strconv.ParseUint(strings.TrimPrefix(plain, "+"), 0, 64); err == nil {
		return u, true
	}
	return nil, false
}

func floatOf(s string) (any, bool) {
	switch strings.TrimPrefix(strings.ToLower(s), "+") {
	case ".inf":
		return math.Inf(1), true
	case "-.inf":
		return math.Inf(-1), true
	case ".nan":
		return math.NaN(), true
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
	return f, err == nil
}

// Int is a scalar's value as a whole number; ok is false for anything else.
func (n *Node) Int() (int, bool) {
	if n.Kind != ScalarNode || n.Tag != "!!int" {
		return 0, false
	}
	switch v := n.value.(type) {
	case int64:
		return int(v), true
	case uint64:
		if v <= math.MaxInt {
			return int(v), true
		}
	}
	return 0, false
}

// Bool is a scalar's value as true or false; ok is false for anything else.
func (n *Node) Bool() (bool, bool) {
	v, ok := n.value.(bool)
	return v, ok && n.Tag == "!!bool"
}

// maxAnyValues bounds the values Any builds, so that aliases naming aliases
// cannot blow a tree up exponentially.
const maxAnyValues = 1_000_000

// Any is the plain Go value of a node: string, int, float64, bool, nil,
// []any or map[string]any. A repeated or non-text map key is an error,
// placed at the key.
func (n *Node) Any() (any, *Node, error) {
	budget := maxAnyValues
	return n.plain(&budget)
}

func (n *Node) plain(budget *int) (any, *Node, error) {
	if *budget--; *budget < 0 {
		return nil, n, fmt.Errorf("too large: over %d values, aliases included", maxAnyValues)
	}
	switch n.Kind {
	case SequenceNode:
		list := make([]any, 0, len(n.Content))
		for _, item := range n.Content {
			v, at, err := item.plain(budget)
			if err != nil {
				return nil, at, err
			}
			list = append(list, v)
		}
		return list, nil, nil
	case MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != ScalarNode {
				return nil, k, fmt.Errorf("a key must be a name, not %s", kindName(k))
			}
			if _, dup := m[k.Value]; dup {
				return nil, k, fmt.Errorf("duplicate key %q", k.Value)
			}
			v, at, err := n.Content[i+1].plain(budget)
			if err != nil {
				return nil, at, err
			}
			m[k.Value] = v
		}
		return m, nil, nil
	}
	if i, ok := n.Int(); ok {
		return i, nil, nil
	}
	if n.Tag == "!!int" { // beyond int
		return nil, n, fmt.Errorf("%s is too large a number", n.Value)
	}
	if n.Tag == "!!str" {
		return n.Value, nil, nil
	}
	return n.value, nil, nil
}

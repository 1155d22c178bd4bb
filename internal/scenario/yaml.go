package scenario

import (
	"errors"
	"fmt"
	"math"
	"strings"

	goccy "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

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
// goccy/go-yaml's AST reduced to what the loaders read.
type Node struct {
	Kind    NodeKind
	Tag     string // of a scalar: !!str, !!int, !!float, !!bool or !!null
	Value   string // a scalar's text: the string, or the number as written
	Style   Style
	Line    int
	Column  int
	Content []*Node // a list's items; a map's keys and values, alternating
	value   any     // a scalar's typed value
}

// maxMergedKeys bounds the keys merge keys copy into maps, so that chains
// of `<<` cannot grow the tree quadratically.
const maxMergedKeys = 100_000

// ParseYAML parses the text of one YAML file (already checked with
// CheckBounds) into its document's root node, nil when the document is
// empty. A syntax error, a second document, an unknown alias or a bad merge
// key comes back placed in the file.
func ParseYAML(path, text string) (root *Node, e *Error) {
	defer func() { // a panic in the parser is a file it cannot read, not a crash
		if r := recover(); r != nil {
			root, e = nil, placedAt(path, text, 1, 1, fmt.Sprintf("the YAML parser failed on this file: %v", r))
		}
	}()
	f, err := parser.ParseBytes([]byte(text), 0, parser.AllowDuplicateMapKey())
	if err != nil {
		return nil, SyntaxError(path, text, err)
	}
	var docs []*ast.DocumentNode // a document is a body or a `---`, even an empty one
	for _, d := range f.Docs {
		if d != nil && (d.Body != nil || d.Start != nil) {
			docs = append(docs, d)
		}
	}
	if len(docs) > 1 {
		at := docs[1].Start
		if at == nil {
			at = docs[1].Body.GetToken()
		}
		return nil, placedAt(path, text, at.Position.Line, at.Position.Column, "a second YAML document: a file holds one")
	}
	if len(docs) == 0 || docs[0].Body == nil {
		return nil, nil
	}
	b := &builder{path: path, text: text, anchors: map[string]*Node{}, merged: maxMergedKeys}
	if root = b.node(docs[0].Body); b.err != nil {
		return nil, b.err
	}
	return root, nil
}

// SyntaxError places a goccy parse error at the token it stopped at; config
// places its file's syntax errors with it too.
func SyntaxError(path, text string, err error) *Error {
	var se *goccy.SyntaxError
	if errors.As(err, &se) && se.Token != nil && se.Token.Position != nil {
		// A tab in the message ("found character '\t' ...") must stay visible.
		return placedAt(path, text, se.Token.Position.Line, max(se.Token.Position.Column, 1), strings.ReplaceAll(se.Message, "\t", `\t`))
	}
	return placedAt(path, text, 1, 1, strings.TrimPrefix(err.Error(), "yaml: "))
}

func placedAt(path, text string, line, col int, msg string) *Error {
	return &Error{Pos: Pos{File: path, Line: line, Col: col}, Msg: msg, Source: srcpos.Line(text, line)}
}

// builder turns goccy's AST into Nodes, following aliases to the node their
// anchor names (shared, not copied) and applying merge keys.
type builder struct {
	path, text string
	anchors    map[string]*Node
	merged     int // merge-key copies still allowed
	err        *Error
}

func (b *builder) fail(n ast.Node, msg string) *Node {
	if b.err == nil {
		p := n.GetToken().Position
		b.err = placedAt(b.path, b.text, p.Line, p.Column, msg)
	}
	return &Node{Kind: ScalarNode, Tag: "!!null"}
}

func (b *builder) node(n ast.Node) *Node {
	if b.err != nil {
		return &Node{Kind: ScalarNode, Tag: "!!null"}
	}
	switch x := n.(type) {
	case *ast.AnchorNode:
		out := b.node(x.Value)
		b.anchors[x.Name.GetToken().Value] = out
		return out
	case *ast.AliasNode:
		name := x.Value.GetToken().Value
		if target, ok := b.anchors[name]; ok {
			return target
		}
		return b.fail(n, fmt.Sprintf("unknown alias %q: no anchor &%s is defined before it", name, name))
	case *ast.TagNode:
		return b.tagged(x)
	case *ast.MappingNode:
		return b.mapping(n, x.Values)
	case *ast.MappingValueNode:
		return b.mapping(n, []*ast.MappingValueNode{x})
	case *ast.MappingKeyNode:
		return b.node(x.Value)
	case *ast.SequenceNode:
		out := b.at(n, &Node{Kind: SequenceNode})
		for _, v := range x.Values {
			out.Content = append(out.Content, b.node(v))
		}
		return out
	}
	return b.scalar(n)
}

// at sets where n is written on out.
func (b *builder) at(n ast.Node, out *Node) *Node {
	p := n.GetToken().Position
	out.Line, out.Column = p.Line, p.Column
	return out
}

// mapping builds a map, applying merge keys in place of the `<<`: a key
// written in the map wins over a merged one, and an earlier merged map over
// a later one.
func (b *builder) mapping(n ast.Node, entries []*ast.MappingValueNode) *Node {
	out := b.at(n, &Node{Kind: MappingNode})
	if m, flow := n.(*ast.MappingNode); (!flow || !m.IsFlowStyle) && len(entries) > 0 {
		out = b.at(entries[0].Key, out) // a block map is where its first key is
	}
	have := map[string]bool{}
	for _, e := range entries {
		if !e.Key.IsMergeKey() {
			have[e.Key.GetToken().Value] = true
		}
	}
	for _, e := range entries {
		if !e.Key.IsMergeKey() {
			out.Content = append(out.Content, b.node(e.Key), b.node(e.Value))
			continue
		}
		merges := []*Node{b.node(e.Value)}
		if merges[0].Kind == SequenceNode {
			merges = merges[0].Content
		}
		for _, m := range merges {
			if m.Kind != MappingNode {
				return b.fail(n, "a merge key (<<) must name a map or a list of maps")
			}
			for i := 0; i+1 < len(m.Content); i += 2 {
				if k := m.Content[i].Value; !have[k] {
					if b.merged--; b.merged < 0 {
						return b.fail(n, fmt.Sprintf("merge keys copy more than %d keys", maxMergedKeys))
					}
					have[k] = true
					out.Content = append(out.Content, m.Content[i], m.Content[i+1])
				}
			}
		}
	}
	return out
}

// tagged applies an explicit tag: !!str keeps a scalar's text as a string.
func (b *builder) tagged(x *ast.TagNode) *Node {
	out := b.node(x.Value)
	tag := x.Start.Value
	if out.Kind != ScalarNode || tag == out.Tag {
		return out
	}
	if tag == "!!str" {
		s := b.at(x, &Node{Kind: ScalarNode, Tag: "!!str", Value: out.Value, value: out.Value})
		return s
	}
	return b.fail(x, fmt.Sprintf("tag %s does not fit %q", tag, out.Value))
}

// scalar builds a scalar node, typed the way YAML 1.2 reads it.
func (b *builder) scalar(n ast.Node) *Node {
	out := b.at(n, &Node{Kind: ScalarNode, Value: n.GetToken().Value})
	switch x := n.(type) {
	case *ast.NullNode:
		out.Tag, out.Value = "!!null", ""
	case *ast.BoolNode:
		out.Tag, out.value = "!!bool", x.Value
	case *ast.IntegerNode:
		out.Tag, out.value = "!!int", x.Value
	case *ast.FloatNode:
		out.Tag, out.value = "!!float", x.Value
	case *ast.InfinityNode:
		out.Tag, out.value = "!!float", x.Value
	case *ast.NanNode:
		out.Tag, out.value = "!!float", math.NaN()
	case *ast.StringNode:
		out.Tag, out.Value, out.value = "!!str", x.Value, x.Value
		switch x.Token.Type {
		case token.DoubleQuoteType:
			out.Style = DoubleQuotedStyle
		case token.SingleQuoteType:
			out.Style = SingleQuotedStyle
		}
	case *ast.LiteralNode:
		out.Tag, out.Value, out.value = "!!str", x.Value.Value, x.Value.Value
		out.Style = LiteralStyle
		if x.Start.Type == token.FoldedType {
			out.Style = FoldedStyle
		}
	default:
		return b.fail(n, fmt.Sprintf("unsupported YAML %s", n.Type()))
	}
	return out
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
	return n.value, nil, nil
}

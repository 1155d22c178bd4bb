package scenario

import (
	"regexp"
	"strings"

	"github.com/expr-lang/expr/ast"
	exprfile "github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
	"gopkg.in/yaml.v3"
)

// The kind-specific checks of the step table.

func checkActor(c *stepCheck) {
	c.f.checkActor(c.nodes["name"], c.step.Args.Name)
}

func checkURLPattern(c *stepCheck) {
	if u := c.step.Args.URL; len(u) > 1 && strings.HasPrefix(u, "/") && strings.HasSuffix(u, "/") {
		c.f.checkRegex(c.nodes["url"], u[1:len(u)-1])
	}
}

// checkMatchPatterns compiles text and row when they are regexes.
func checkMatchPatterns(c *stepCheck) {
	a := c.step.Args
	key := "text"
	if c.step.Kind == "action" {
		key = "label"
	}
	if n := c.nodes[key]; n != nil && a.Match == "regex" {
		c.f.checkRegex(n, argValue(&a, key).(string))
	}
	if n := c.nodes["row"]; n != nil && a.RowMatch == "regex" {
		c.f.checkRegex(n, a.Row)
	}
}

func checkCountName(c *stepCheck) {
	as := c.step.Args.As
	if as == "" {
		return
	}
	if !identifier.MatchString(as) {
		c.errf("as", "count name %q must be letters, digits and _ (it is used in assert)", as)
		return
	}
	c.sc.counted[as] = true
}

// checkAssert compiles the expression for its syntax and checks that every
// name in it is a count result defined by an earlier step.
func checkAssert(c *stepCheck) {
	n, src := c.nodes["expr"], c.step.Args.Expr
	tree, err := parser.Parse(src)
	if err != nil {
		msg, from := err.Error(), 0
		if fe, ok := err.(*exprfile.Error); ok {
			msg, from = fe.Message, fe.From
		}
		c.f.errs.add(c.f.at(n, from), "bad assert expression: %s", msg)
		return
	}
	v := &identifiers{declared: map[string]bool{}}
	ast.Walk(&tree.Node, v)
	for _, id := range v.found {
		if !c.sc.counted[id.Value] && !v.declared[id.Value] {
			c.f.errs.add(c.f.at(n, id.Location().From), "unknown variable %q (not a count result of an earlier step)", id.Value)
		}
	}
}

// identifiers collects the free names of an expression.
type identifiers struct {
	found    []*ast.IdentifierNode
	declared map[string]bool // let names
}

func (v *identifiers) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.IdentifierNode:
		v.found = append(v.found, n)
	case *ast.VariableDeclaratorNode:
		v.declared[n.Name] = true
	}
}

// at places a rune offset inside a one-line scalar (quotes skipped).
func (f file) at(n *yaml.Node, offset int) Pos {
	p := f.src.pos(n)
	switch n.Style {
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		p.Col += offset + 1
	case yaml.LiteralStyle, yaml.FoldedStyle:
	default:
		p.Col += offset
	}
	return p
}

func (f file) checkActor(n *yaml.Node, name string) {
	if f.actors != nil && !f.actors[name] {
		f.errf(n, "unknown actor %q%s", name, suggest(name, f.opts.Actors))
	}
}

// checkRegex compiles an allow-list or URL pattern.
func (f file) checkRegex(n *yaml.Node, pattern string) {
	if _, err := regexp.Compile(pattern); err != nil {
		f.errf(n, "bad regex %q: %s", pattern, strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
}

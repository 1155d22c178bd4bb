package driver

import (
	"context"
	"fmt"
	"regexp"
	"strconv"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	exprfile "github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"

	"github.com/proofrun/proofrun/internal/scenario"
)

// AssertArgs are assert's arguments.
type AssertArgs struct {
	Expr string `yaml:"expr"` // over count results, e.g. runs_after == runs_before + 1
}

func init() {
	register(scenario.Def{
		Kind: "assert", Doc: "an expression over count results, e.g. runs_after == runs_before + 1",
		Shorthand: "expr", Required: []string{"expr"},
	}, traits{passive: true}, assert)
}

// Check compiles the expression for its syntax and checks that every name
// in it is a count result defined by an earlier step.
func (a *AssertArgs) Check(c *scenario.Check) {
	tree, err := parser.Parse(a.Expr)
	if err != nil {
		msg, from := err.Error(), 0
		if fe, ok := err.(*exprfile.Error); ok {
			msg, from = fe.Message, fe.From
		}
		c.ErrorAt("expr", from, "bad assert expression: %s", msg)
		return
	}
	v := &identifiers{declared: map[string]bool{}}
	ast.Walk(&tree.Node, v)
	for _, id := range v.found {
		if !c.Defined(id.Value) && !v.declared[id.Value] {
			c.ErrorAt("expr", id.Location().From, "unknown variable %q (not a count result of an earlier step)", id.Value)
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

// identifier finds the variable names of an expression, to show their values.
var identifier = regexp.MustCompile(`\b[A-Za-z_][A-Za-z0-9_]*\b`)

// assert evaluates an expression over the count results; false fails with
// the values: "runs_after == runs_before: 5 == 4 is false".
func assert(_ context.Context, r *run, a *AssertArgs) error {
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

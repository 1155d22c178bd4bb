package scenario

import (
	"regexp"
	"strings"
)

// Check is what a step kind's Check method gets: the step read so far, the
// node of each key to place errors, and the scenario's count results.
type Check struct {
	f     file
	def   *Def
	args  Args
	nodes map[string]*Node
	sc    *scope
	// vacuous is set when an argument is empty (already reported), so the
	// kind's own checks do not report it again.
	vacuous bool
}

// Has tells whether the step wrote key.
func (c *Check) Has(key string) bool { return c.nodes[key] != nil }

// Errorf reports a problem with the argument key, at the key's value.
func (c *Check) Errorf(key, format string, args ...any) {
	c.f.errf(c.nodes[key], format, args...)
}

// ErrorAt reports a problem at a rune offset inside the argument key's
// one-line value (an expression's token).
func (c *Check) ErrorAt(key string, offset int, format string, args ...any) {
	c.f.errs.add(c.f.at(c.nodes[key], offset), format, args...)
}

// Regex reports the argument key when pattern does not compile.
func (c *Check) Regex(key, pattern string) {
	c.f.checkRegex(c.nodes[key], pattern)
}

// Actor reports the argument key when name is not a configured actor.
func (c *Check) Actor(key, name string) {
	c.f.checkActor(c.nodes[key], name)
}

// Define makes name a runtime variable (a count result) that later steps,
// and assert expressions, may use.
func (c *Check) Define(name string) { c.sc.counted[name] = true }

// Defined tells whether an earlier step defined the runtime variable name.
func (c *Check) Defined(name string) bool { return c.sc.counted[name] }

// IsIdentifier tells whether s is usable as a variable name (and so in an
// assert expression): letters, digits and _.
func IsIdentifier(s string) bool { return identifier.MatchString(s) }

// at places a rune offset inside a one-line scalar (quotes skipped).
func (f file) at(n *Node, offset int) Pos {
	p := f.src.pos(n)
	switch n.Style {
	case DoubleQuotedStyle, SingleQuotedStyle:
		p.Col += offset + 1
	case LiteralStyle, FoldedStyle:
	default:
		p.Col += offset
	}
	return p
}

func (f file) checkActor(n *Node, name string) {
	if f.actors != nil && !f.actors[name] {
		f.errf(n, "unknown actor %q%s", name, suggest(name, f.opts.Actors))
	}
}

// checkRegex compiles an allow-list or URL pattern.
func (f file) checkRegex(n *Node, pattern string) {
	if _, err := regexp.Compile(pattern); err != nil {
		f.errf(n, "bad regex %q: %s", pattern, strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
}

package discover

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/proofrun/proofrun/internal/scenario"
)

// Rules is a pack's discover.yaml: who shares a workspace, which panel and
// capabilities each actor has, which URLs are tenant-scoped, which action
// needs which capability.
type Rules struct {
	File   string
	Actors map[string]ActorRules
	// Tenant are the tenant-scoped URL patterns, compiled: group "workspace"
	// captures the workspace the URL belongs to.
	Tenant []*regexp.Regexp
	// Actions maps an action label to the capability it needs; an actor
	// without it must not be offered the action enabled.
	Actions map[string]string
	Seeds   []string            // pages no link reaches (wizard steps), crawled by every actor of their panel
	Proves  map[string][]string // domain -> requirement ids the written scenarios prove
}

// ActorRules is one actor's entry.
type ActorRules struct {
	Panel        string // "" : the actor's config panel
	Workspace    string // "" : a member of no workspace (platform users)
	Capabilities map[string]bool
}

// workspacePlaceholder is how a tenant pattern names the workspace segment.
const workspacePlaceholder = "{workspace}"

// LoadRules reads a discover.yaml. Errors are file:line:col: message.
func LoadRules(path string) (*Rules, error) {
	data, err := scenario.ReadBounded(path)
	if err != nil {
		return nil, err // *PathError: "open PATH: why"
	}
	e := scenario.CheckBounds(path, string(data))
	var root *scenario.Node
	if e == nil {
		root, e = scenario.ParseYAML(path, string(data))
	}
	if e != nil {
		return nil, fmt.Errorf("%s:%d:%d: %s", path, max(e.Pos.Line, 1), max(e.Pos.Col, 1), e.Msg)
	}
	r := &Rules{File: path, Actors: map[string]ActorRules{}, Actions: map[string]string{}, Proves: map[string][]string{}}
	p := &ruleParser{file: path}
	if root == nil {
		return nil, fmt.Errorf("%s:1:1: empty file: it needs actors and tenant_scoped", path)
	}
	p.parse(root, r)
	if p.err != nil {
		return nil, p.err
	}
	return r, nil
}

// ruleParser walks the YAML tree, keeping the first error with its position.
type ruleParser struct {
	file string
	err  error
}

func (p *ruleParser) errf(n *scenario.Node, format string, args ...any) {
	if p.err == nil {
		p.err = fmt.Errorf("%s:%d:%d: %s", p.file, n.Line, n.Column, fmt.Sprintf(format, args...))
	}
}

// mapping returns the key/value pairs of a mapping node, rejecting keys not
// in known (nil: any key).
func (p *ruleParser) mapping(n *scenario.Node, what string, known []string) [][2]*scenario.Node {
	if n.Kind != scenario.MappingNode {
		p.errf(n, "%s must be a mapping", what)
		return nil
	}
	var out [][2]*scenario.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if known != nil && !slices.Contains(known, k.Value) {
			p.errf(k, "unknown key %q in %s (known: %s)", k.Value, what, strings.Join(known, ", "))
		}
		out = append(out, [2]*scenario.Node{k, n.Content[i+1]})
	}
	return out
}

func (p *ruleParser) strings(n *scenario.Node, what string) []string {
	if n.Kind != scenario.SequenceNode {
		p.errf(n, "%s must be a list", what)
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for _, c := range n.Content {
		if c.Kind != scenario.ScalarNode || c.Value == "" {
			p.errf(c, "%s: every entry must be a non-empty string", what)
			continue
		}
		out = append(out, c.Value)
	}
	return out
}

func (p *ruleParser) parse(root *scenario.Node, r *Rules) {
	for _, kv := range p.mapping(root, "discover rules", []string{"actors", "tenant_scoped", "actions", "seeds", "proves"}) {
		k, v := kv[0], kv[1]
		switch k.Value {
		case "actors":
			for _, a := range p.mapping(v, "actors", nil) {
				r.Actors[a[0].Value] = p.actor(a[1])
			}
		case "tenant_scoped":
			for i, pat := range p.strings(v, "tenant_scoped") {
				r.Tenant = append(r.Tenant, p.tenant(v.Content[i], pat))
			}
		case "actions":
			for _, a := range p.mapping(v, "actions", nil) {
				r.Actions[a[0].Value] = a[1].Value
			}
		case "seeds":
			for i, s := range p.strings(v, "seeds") {
				if !strings.HasPrefix(s, "/") {
					p.errf(v.Content[i], "seed %q must be a path starting with /", s)
				}
				r.Seeds = append(r.Seeds, s)
			}
		case "proves":
			for _, d := range p.mapping(v, "proves", provesDomains) {
				r.Proves[d[0].Value] = p.strings(d[1], "proves."+d[0].Value)
			}
		}
	}
	if len(r.Actors) == 0 {
		p.errf(root, "no actors: list each actor with its workspace and capabilities")
	}
}

// provesDomains are the domains discover files its matrices in (see
// Judge.resourceOf).
var provesDomains = []string{"cross-workspace", "system-denied"}

func (p *ruleParser) actor(n *scenario.Node) ActorRules {
	a := ActorRules{Capabilities: map[string]bool{}}
	for _, kv := range p.mapping(n, "actor", []string{"panel", "workspace", "capabilities"}) {
		switch kv[0].Value {
		case "panel":
			a.Panel = kv[1].Value
		case "workspace":
			a.Workspace = kv[1].Value
		case "capabilities":
			for _, c := range p.strings(kv[1], "capabilities") {
				a.Capabilities[c] = true
			}
		}
	}
	return a
}

// tenant compiles a tenant pattern: a regular expression in which
// {workspace} stands for the workspace's URL segment.
func (p *ruleParser) tenant(n *scenario.Node, pat string) *regexp.Regexp {
	if !strings.Contains(pat, workspacePlaceholder) {
		p.errf(n, "tenant pattern %q has no %s segment", pat, workspacePlaceholder)
		return nil
	}
	re, err := regexp.Compile(strings.Replace(pat, workspacePlaceholder, `(?P<workspace>[^/?#]+)`, 1))
	if err != nil {
		p.errf(n, "tenant pattern %q: %v", pat, err)
		return nil
	}
	return re
}

// CheckActors verifies the rules against the config's actors and panels:
// every actor to discover needs an entry, every panel must exist.
func (r *Rules) CheckActors(actors []string, panels map[string]bool) error {
	for _, a := range actors {
		ar, ok := r.Actors[a]
		if !ok {
			return fmt.Errorf("%s: actor %q has no entry under actors (its workspace and capabilities)", r.File, a)
		}
		if ar.Panel != "" && !panels[ar.Panel] {
			return fmt.Errorf("%s: actor %q: unknown panel %q", r.File, a, ar.Panel)
		}
	}
	return nil
}

// workspaceOf is the workspace a URL path belongs to, and where the tenant
// prefix ends; "" and 0 for a URL no tenant pattern matches.
func (r *Rules) workspaceOf(path string) (string, int) {
	for _, re := range r.Tenant {
		if m := re.FindStringSubmatchIndex(path); m != nil {
			i := re.SubexpIndex("workspace")
			return path[m[2*i]:m[2*i+1]], m[1]
		}
	}
	return "", 0
}

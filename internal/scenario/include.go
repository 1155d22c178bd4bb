package scenario

import (
	"path/filepath"
	"strings"
)

// steps reads a list of steps, splicing included fragments in place. chain is
// the files being read, outermost first, to catch include cycles.
func (f file) steps(n *Node, sc *scope, chain []string) []Step {
	if n.Kind != SequenceNode {
		f.errf(n, "steps must be a list, not %s", kindName(n))
		return nil
	}
	var out []Step
	for _, item := range n.Content {
		if f.stepsLeft <= 0 {
			if f.stepsLeft == 0 { // reported once, where the budget ran out
				f.errf(item, "more than %d steps once includes are expanded: a scenario holds at most %d", MaxSteps, MaxSteps)
				f.stepsLeft--
			}
			return out
		}
		f.stepsLeft--
		st, ok := f.step(item, sc)
		switch {
		case !ok:
		case st.Kind != Include:
			out = append(out, st)
		case st.Args.(*IncludeArgs).Name != "":
			out = append(out, f.include(st, sc, chain)...)
		}
	}
	return out
}

// fragmentKeys are the keys of a fragment written as a map.
var fragmentKeys = []string{"steps", "vars"}

// include reads the fragment an include step names (relative to the file
// that includes it) and returns its steps, From extended by the include.
func (f file) include(st Step, sc *scope, chain []string) []Step {
	path := filepath.Clean(filepath.Join(filepath.Dir(f.src.path), st.Args.(*IncludeArgs).Name))
	for i, c := range chain {
		if c == path {
			f.errs.add(st.Pos, "include cycle: %s", strings.Join(append(chain[i:len(chain):len(chain)], path), " -> "))
			return nil
		}
	}
	if len(chain) > MaxIncludeDepth {
		f.errs.add(st.Pos, "includes nested more than %d deep: %s", MaxIncludeDepth, strings.Join(append(chain[:len(chain):len(chain)], path), " -> "))
		return nil
	}
	src, err := f.read(path)
	if src == nil {
		f.errs.add(st.Pos, "include %q: %s", st.Args.(*IncludeArgs).Name, err.Msg)
		return nil
	}
	if err != nil { // a YAML error, reported in the fragment itself
		return nil
	}
	if src.root == nil {
		f.errs.add(st.Pos, "include %q: the fragment is empty", st.Args.(*IncludeArgs).Name)
		return nil
	}
	frag := file{f.loader, src}
	inner := &scope{vars: sc.vars, counted: sc.counted, from: append(append([]Pos(nil), sc.from...), st.Pos)}
	list := src.root
	if list.Kind == MappingNode {
		fs, _ := frag.mapping(list, "fragment", fragmentKeys)
		if v := fs.get("vars"); v != nil {
			inner.vars = merge(frag.vars(v), sc.vars)
		}
		if list = fs.get("steps"); list == nil {
			frag.errf(src.root, "a fragment needs steps")
			return nil
		}
	}
	return frag.steps(list, inner, append(chain[:len(chain):len(chain)], path))
}

// merge overlays top on base: the including scenario's vars win over a
// fragment's defaults.
func merge(base, top map[string]string) map[string]string {
	out := make(map[string]string, len(base)+len(top))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range top {
		out[k] = v
	}
	return out
}

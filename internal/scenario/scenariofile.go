package scenario

import (
	"regexp"
	"slices"
	"strings"
)

// topKeys are the keys of a scenario file.
var topKeys = []string{"id", "title", "domain", "state", "proves", "tags", "actor", "deferred", "serial", "allow", "vars", "steps", "matrix"}

// validID is what a scenario id may hold: it names files and shows in URLs.
var validID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// scenarioFile reads one scenario file: one scenario, or one per matrix cell.
func (l *loader) scenarioFile(path string) []*Scenario {
	src, err := l.read(path)
	if src == nil {
		l.errs.add(err.Pos, "%s", err.Msg)
	}
	if err != nil {
		return nil
	}
	f := file{l, src}
	root := src.root
	if root == nil {
		l.errs.add(Pos{File: path, Line: 1, Col: 1}, "empty file: a scenario needs id and steps")
		return nil
	}
	if root.Kind != MappingNode {
		f.errf(root, "a scenario file must be a map of id, title, steps, ..., not %s", kindName(root))
		return nil
	}
	fs, _ := f.mapping(root, "scenario", topKeys)
	s := &scope{counted: map[string]bool{}}
	if n := fs.get("vars"); n != nil {
		s.vars = f.vars(n)
	}
	sc := &Scenario{Pos: src.pos(root), Vars: s.vars}
	var idPos Pos
	if n := fs.get("id"); n == nil {
		f.errf(root, "missing id")
	} else if id, ok := f.str(n, "id"); ok {
		if validID.MatchString(id) {
			sc.ID, idPos = id, src.pos(n)
		} else {
			f.errf(n, "bad id %q: use letters, digits, '.', '_' and '-'", id)
		}
	}
	for _, fd := range fs {
		f.topField(sc, fd, s)
	}
	f.requireTop(root, fs)
	stepsN, matrixN := fs.get("steps"), fs.get("matrix")
	switch {
	case matrixN != nil && stepsN != nil:
		f.errf(fs.key("matrix"), "a scenario has steps or a matrix, not both")
	case matrixN != nil:
		if n := fs.key("actor"); n != nil {
			f.errf(n, "a matrix scenario takes its actors from matrix.actors")
		}
		cells := f.matrix(matrixN, sc, s)
		if sc.ID == "" {
			return nil
		}
		for _, c := range cells {
			l.claim(c.ID, c.Pos)
		}
		return cells
	case stepsN == nil:
		f.errf(root, "missing steps")
	case isNull(stepsN) || (stepsN.Kind == SequenceNode && len(stepsN.Content) == 0):
		f.errf(stepsN, "empty steps: a scenario needs at least one step")
	default:
		l.stepsLeft = MaxSteps
		sc.Steps = f.steps(stepsN, s, []string{path})
	}
	if sc.ID == "" {
		return nil
	}
	l.claim(sc.ID, idPos)
	return []*Scenario{sc}
}

// requireTop reports the top-level fields a scenario cannot do without: a
// title and domain for the report and, when the pack has a requirement
// catalogue, what it proves (a proof of nothing counts for nothing).
func (f file) requireTop(root *Node, fs fields) {
	for _, key := range []string{"title", "domain"} {
		if fs.get(key) == nil {
			f.errf(root, "missing %s", key)
		}
	}
	if f.reqs == nil {
		return
	}
	if n := fs.get("proves"); n == nil {
		f.errf(root, "missing proves: name the requirements of %s this scenario proves", catalogueName)
	} else if n.Kind == SequenceNode && len(n.Content) == 0 {
		f.errf(n, "empty proves: name the requirements of %s this scenario proves", catalogueName)
	}
}

// topField reads one of the plain top-level fields into sc; id, vars, steps
// and matrix are read by scenarioFile.
func (f file) topField(sc *Scenario, fd field, s *scope) {
	switch fd.key {
	case "title", "deferred":
		if v, ok := f.str(fd.val, fd.key); ok {
			v = f.expand(fd.val, v, s)
			if fd.key == "title" && strings.TrimSpace(v) == "" {
				f.errf(fd.val, "empty title: say what the scenario proves")
			}
			if fd.key == "title" {
				sc.Title = v
			} else {
				sc.Deferred = v
			}
		}
	case "domain":
		if v, ok := f.str(fd.val, "domain"); ok && f.declared(fd.val, "domain", v, f.domains) {
			sc.Domain = v
		}
	case "state":
		if v, ok := f.str(fd.val, "state"); ok && f.declared(fd.val, "state", v, f.states) {
			sc.State = v
		}
	case "proves":
		ids, nodes := f.strList(fd.val, "proves")
		for i, id := range ids {
			if _, known := f.reqs[id]; f.reqs != nil && !known {
				f.errf(nodes[i], "requirement %q is not in %s%s", id, catalogueName, suggest(id, f.reqIDs()))
			}
		}
		sc.Proves = ids
	case "tags":
		sc.Tags, _ = f.strList(fd.val, "tags")
	case "actor":
		if v, ok := f.str(fd.val, "actor"); ok {
			f.checkActor(fd.val, v)
			sc.Actor = v
		}
	case "serial":
		sc.Serial, _ = f.boolean(fd.val, "serial")
	case "allow":
		sc.Allow = f.allow(fd.val)
	}
}

var allowKeys = []string{"console", "status"}
var statusRuleKeys = []string{"url", "code"}

// allow reads a scenario's allow-list, compiling its regexes to check them.
func (f file) allow(n *Node) Allow {
	var a Allow
	fs, ok := f.mapping(n, "allow", allowKeys)
	if !ok {
		return a
	}
	if c := fs.get("console"); c != nil {
		var nodes []*Node
		a.Console, nodes = f.strList(c, "allow.console")
		for i, re := range a.Console {
			f.checkRegex(nodes[i], re)
		}
	}
	st := fs.get("status")
	if st == nil {
		return a
	}
	if st.Kind != SequenceNode {
		f.errf(st, "allow.status must be a list of {url, code}, not %s", kindName(st))
		return a
	}
	for _, item := range st.Content {
		rfs, ok := f.mapping(item, "allow.status entry", statusRuleKeys)
		if !ok {
			continue
		}
		var rule StatusRule
		if u := rfs.get("url"); u != nil {
			if rule.URL, ok = f.str(u, "allow.status url"); ok {
				f.checkRegex(u, rule.URL)
			}
		}
		if c := rfs.get("code"); c != nil {
			if code, ok := f.integer(c, "allow.status code"); ok && code != 0 {
				rule.Code, _ = f.status(c, "allow.status code")
			}
		}
		a.Status = append(a.Status, rule)
	}
	return a
}

// reqIDs lists the catalogue's ids, for suggestions.
func (l *loader) reqIDs() []string {
	ids := make([]string, 0, len(l.reqs))
	for id := range l.reqs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

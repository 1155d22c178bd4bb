package scenario

import (
	"slices"

	"github.com/proofrun/proofrun/internal/proof"
)

// catalogueName is the requirement catalogue's file name, read from the top
// of each directory given to Load.
const catalogueName = "requirements.yaml"

var requirementKeys = []string{"id", "spec", "summary", "domain", "browser", "reason"}

// catalogueKeys are a catalogue's sections: the pack's domains (a scenario
// names one) and proof states (a scenario proves one; the proof map shows
// them in this order), and the requirements. A pack whose catalogues
// declare no domains (states) leaves a scenario's domain (state) unchecked.
var catalogueKeys = []string{"domains", "states", "requirements"}

// catalogue reads a requirements.yaml: `domains: [...]`, `states: [...]`,
// `requirements: [{id, spec, ...}]`. browser defaults to true; a
// requirement a browser cannot prove says why. The domains and states add to
// those of the pack's other catalogues.
func (l *loader) catalogue(path string) []proof.Requirement {
	if l.reqs == nil {
		l.reqs = map[string]Pos{}
	}
	src, err := l.read(path)
	if src == nil {
		l.errs.add(err.Pos, "%s", err.Msg)
	}
	if err != nil || src.root == nil {
		return nil
	}
	f := file{l, src}
	fs, ok := f.mapping(src.root, "requirement catalogue", catalogueKeys)
	if !ok {
		return nil
	}
	for _, v := range []struct {
		key  string
		list *[]string
	}{{"domains", &l.domains}, {"states", &l.states}} {
		if n := fs.get(v.key); n != nil {
			*v.list = f.vocabulary(n, v.key, *v.list)
		}
	}
	list := fs.get("requirements")
	if list == nil || list.Kind != SequenceNode {
		f.errf(src.root, "a requirement catalogue is `requirements: [{id, spec, summary, ...}]`")
		return nil
	}
	var out []proof.Requirement
	for _, item := range list.Content {
		if r, ok := f.requirement(item); ok {
			out = append(out, r)
		}
	}
	return out
}

func (f file) requirement(n *Node) (proof.Requirement, bool) {
	r := proof.Requirement{Browser: true}
	fs, ok := f.mapping(n, "requirement", requirementKeys)
	if !ok {
		return r, false
	}
	text := map[string]*string{"id": &r.ID, "spec": &r.Spec, "summary": &r.Summary, "domain": &r.Domain, "reason": &r.Reason}
	for _, fd := range fs {
		if p := text[fd.key]; p != nil {
			*p, _ = f.str(fd.val, fd.key)
		} else {
			r.Browser, _ = f.boolean(fd.val, fd.key)
		}
	}
	switch {
	case r.ID == "":
		f.errf(n, "a requirement needs an id")
		return r, false
	case !r.Browser && r.Reason == "":
		f.errf(n, "requirement %q has browser: false but no reason", r.ID)
	}
	if r.Domain != "" {
		f.declared(fs.get("domain"), "domain", r.Domain, f.domains)
	}
	if first, dup := f.reqs[r.ID]; dup {
		f.errf(fs.get("id"), "duplicate requirement %q (first at %s:%d)", r.ID, first.File, first.Line)
		return r, false
	}
	f.reqs[r.ID] = f.src.pos(fs.get("id"))
	return r, true
}

// vocabulary reads a catalogue's list of domains or states onto list, each
// name once.
func (f file) vocabulary(n *Node, what string, list []string) []string {
	names, nodes := f.strList(n, what)
	for i, name := range names {
		switch {
		case name == "":
			f.errf(nodes[i], "an empty name in %s", what)
		case slices.Contains(list, name):
			f.errf(nodes[i], "%q is listed twice in %s", name, what)
		default:
			list = append(list, name)
		}
	}
	return list
}

// declared reports whether value is one of the catalogue's list (what:
// domain or state), and says so where it is not; with no list declared, any
// value is.
func (f file) declared(n *Node, what, value string, list []string) bool {
	return len(list) == 0 || f.oneOf(n, what, value, list)
}

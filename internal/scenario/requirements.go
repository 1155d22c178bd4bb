package scenario

import (
	"github.com/proofrun/proofrun/internal/proof"
	"gopkg.in/yaml.v3"
)

// catalogueName is the requirement catalogue's file name, read from the top
// of each directory given to Load.
const catalogueName = "requirements.yaml"

var requirementKeys = []string{"id", "spec", "summary", "domain", "browser", "reason"}

// catalogue reads a requirements.yaml: `requirements: [{id, spec, ...}]`.
// browser defaults to true; a requirement a browser cannot prove says why.
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
	fs, ok := f.mapping(src.root, "requirement catalogue", []string{"requirements"})
	if !ok {
		return nil
	}
	list := fs.get("requirements")
	if list == nil || list.Kind != yaml.SequenceNode {
		f.errf(src.root, "a requirement catalogue is `requirements: [{id, spec, summary, ...}]`")
		return nil
	}
	var out []proof.Requirement
	for _, item := range list.Content {
		if r, ok := f.requirement(deref(item)); ok {
			out = append(out, r)
		}
	}
	return out
}

func (f file) requirement(n *yaml.Node) (proof.Requirement, bool) {
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
	if first, dup := f.reqs[r.ID]; dup {
		f.errf(fs.get("id"), "duplicate requirement %q (first at %s:%d)", r.ID, first.File, first.Line)
		return r, false
	}
	f.reqs[r.ID] = f.src.pos(fs.get("id"))
	return r, true
}

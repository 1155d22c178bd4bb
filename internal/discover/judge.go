package discover

import (
	"fmt"
	"slices"
	"strings"
)

// The kinds of finding, each a rule of spec 402.
const (
	KindLeak          = "cross-workspace-leak" // another workspace's page served
	KindExistenceLeak = "existence-leak"       // another workspace's page 403 instead of 404
	KindPanel         = "panel-open"           // a page of another panel served (an admin user on /system)
	KindHidden        = "hidden-but-reachable" // served on direct access, though the actor's navigation never leads there
	KindIdentity      = "identity-on-error"    // an error page that names the record
	KindAction        = "action-without-capability"
	KindPageError     = "page-error" // a monitor finding or a 5xx on a page
)

// Finding is one contradiction of the rules, with the two observations
// behind it: the actor's and the reference actor's (who saw the page as
// authorized).
type Finding struct {
	Kind      string `json:"kind"`
	URL       string `json:"url"`
	Actor     string `json:"actor"`
	Reference string `json:"reference,omitempty"`
	Expected  int    `json:"expected,omitempty"` // the status the rule asks for; 0: the status is not the point
	Message   string `json:"message"`
}

// Judge holds what the judgement needs besides the observation.
type Judge struct {
	Rules  *Rules
	Panel  map[string]string // actor -> panel it may use
	Prefix map[string]string // panel -> path prefix (its home path)
	Logins []string          // login paths of every panel
}

// Judge checks every cell of the observation and returns the findings,
// in URL and actor order.
func (j *Judge) Judge(o *Observation) []Finding {
	var out []Finding
	for _, u := range o.URLs() {
		ref, identity := reference(o, u)
		for _, actor := range sortedKeys(o.Pages[u]) {
			out = append(out, j.cell(o, u, actor, ref, identity)...)
		}
	}
	return out
}

// cell judges one actor's observation of one URL.
func (j *Judge) cell(o *Observation, u, actor, ref, identity string) []Finding {
	p := o.Pages[u][actor]
	var out []Finding
	add := func(kind string, expected int, format string, args ...any) {
		out = append(out, Finding{Kind: kind, URL: u, Actor: actor, Reference: ref, Expected: expected, Message: fmt.Sprintf(format, args...)})
	}
	served := p.Status < 400 && !j.atLogin(p.Final)
	path := pathOf(u)
	ws, _ := j.Rules.workspaceOf(path)
	own := j.Rules.Actors[actor].Workspace
	switch pp := j.panelOf(path); {
	case pp != "" && pp != j.Panel[actor]:
		if served {
			add(KindPanel, 404, "%s (panel %s) was served %s of panel %s: %d, not 404", actor, j.Panel[actor], u, pp, p.Status)
		}
	case ws != "" && ws != own:
		switch {
		case served:
			add(KindLeak, 404, "%s (workspace %s) was served %s of workspace %s: %d, not 404", actor, orNone(own), u, ws, p.Status)
		case p.Status == 401 || p.Status == 403:
			add(KindExistenceLeak, 404, "%s (workspace %s) got %d at %s of workspace %s: that tells it the record exists; deny as not found (404)", actor, orNone(own), p.Status, u, ws)
		}
	case served && !p.Crawled && !o.Truncated[actor] && ref != "":
		add(KindHidden, 0, "%s's navigation never leads to %s (found by %s), but direct access serves it (%d)", actor, u, ref, p.Status)
	}
	if p.Status >= 400 && p.Identity {
		add(KindIdentity, 0, "%s got %d at %s, but the page shows %q (what %s sees there)", actor, p.Status, u, identity, ref)
	}
	caps := j.Rules.Actors[actor].Capabilities
	for _, a := range p.Actions {
		if need := j.Rules.Actions[a.Label]; need != "" && !a.Disabled && !caps[need] && served {
			add(KindAction, 0, "%s is offered %q (%s action) enabled at %s without the capability %s", actor, a.Label, a.Zone, u, need)
		}
	}
	if p.Status >= 500 {
		add(KindPageError, 0, "%s got %d at %s", actor, p.Status, u)
	}
	for _, f := range p.Findings {
		add(KindPageError, 0, "%s at %s: %s finding: %s", actor, u, f.Kind, f.Message)
	}
	return out
}

// reference is the actor whose observation stands for an authorized view of
// u, and the identity text it saw there (the page heading): the first actor,
// by name, that crawled u and was served it.
func reference(o *Observation, u string) (string, string) {
	for _, crawledOnly := range []bool{true, false} {
		for _, a := range sortedKeys(o.Pages[u]) {
			p := o.Pages[u][a]
			if p.Status < 300 && (p.Crawled || !crawledOnly) {
				return a, p.Heading
			}
		}
	}
	return "", ""
}

// panelOf is the panel whose prefix a path is under ("" for none).
func (j *Judge) panelOf(path string) string {
	best := ""
	for panel, prefix := range j.Prefix {
		if (path == prefix || strings.HasPrefix(path, strings.TrimSuffix(prefix, "/")+"/")) && len(prefix) > len(j.Prefix[best]) {
			best = panel
		}
	}
	return best
}

func (j *Judge) atLogin(final string) bool {
	return slices.Contains(j.Logins, pathOf(final))
}

// pathOf is a normalised URL without its query.
func pathOf(u string) string {
	if i := strings.IndexByte(u, '?'); i >= 0 {
		return u[:i]
	}
	return u
}

func orNone(ws string) string {
	if ws == "" {
		return "none"
	}
	return ws
}

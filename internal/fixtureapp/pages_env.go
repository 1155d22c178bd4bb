package fixtureapp

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// contextUnavailable is spec 363's distinct fail-closed state: not a
// permission denial.
const contextUnavailable = "Environment context unavailable"

const noPermission = "You do not have permission to perform this action."

// startOperation records a queued OperationRun and its audit entry: every
// executed high-impact action leaves both. link is the related record.
func (u *update) startOperation(typ, summary, auditAction, target, link string) *Operation {
	st := u.app.store
	envKey := ""
	if u.env != nil {
		envKey = u.env.Key
	}
	op := st.addOperation(envKey, typ, "Running", u.actor.Email, summary, link)
	st.addAudit(envKey, u.actor.Email, auditAction, target)
	return op
}

// audit records an audit entry without an OperationRun.
func (u *update) audit(action, target string) {
	envKey := ""
	if u.env != nil {
		envKey = u.env.Key
	}
	u.app.store.addAudit(envKey, u.actor.Email, action, target)
}

func workspacePage(u *update) *page {
	var envs []*Env
	for _, e := range u.f().Envs {
		if e.Workspace == u.ws.Key {
			envs = append(envs, e)
		}
	}
	slices.SortFunc(envs, func(a, b *Env) int { return strings.Compare(a.Slug, b.Slug) })
	t := &table{Columns: []string{"Environment", "Context"}, Empty: "No environments"}
	for _, e := range envs {
		ctx := "Ready"
		if e.Context == "missing" {
			ctx = "Not configured"
		}
		t.Rows = append(t.Rows, row{Key: e.Slug, Cells: []cell{linkTo(e.Name, "/admin/workspaces/"+u.ws.Slug+"/environments/"+e.Slug), badge(ctx)}})
	}
	return &page{Name: "workspaces.view", Title: u.ws.Name, Heading: u.ws.Name, Subheading: "Managed environments",
		Blocks: []block{{Kind: "table", Heading: "Managed environments", Table: t}}}
}

// noRecordAction is a spec 363 environment-scoped action without a record.
type noRecordAction struct {
	name, label, submit, capability, opType, verb string
}

var noRecordActions = []noRecordAction{
	{"inventorySync", "Run inventory sync", "Run sync", "sync.run", "Inventory sync", "Queues an inventory sync of %s."},
	{"syncGroups", "Sync groups", "Sync", "sync.run", "Group sync", "Queues a group sync of %s."},
	{"createEvidenceSnapshot", "Create evidence snapshot", "Create", "evidence.manage", "Evidence snapshot", "Captures an evidence snapshot of %s."},
	{"generateReviewPack", "Generate review pack", "Generate", "evidence.manage", "Review pack", "Generates a review pack for %s."},
}

func dashboardPage(u *update) *page {
	p := &page{Name: "environments.dashboard", Title: u.env.Name, Heading: u.env.Name,
		Subheading:  u.ws.Name + " · Managed environment",
		Breadcrumbs: []link{{Label: u.ws.Name, Href: "/admin/workspaces/" + u.ws.Slug}, {Label: u.env.Name}}}
	missing := u.env.Context == "missing"
	for _, n := range noRecordActions {
		a := &action{Name: n.name, Label: n.label, Color: "primary", NoRecord: true,
			Modal: &modal{Heading: n.label, Description: fmt.Sprintf(n.verb, u.env.Name), Submit: n.submit, Color: "primary"},
			Run: func(u *update, _ *mounted) error {
				op := u.startOperation(n.opType, n.opType+" of "+u.env.Name+" queued.", n.opType+" started", u.env.Name, "")
				u.notify("success", n.opType+" queued", "Operation run #"+strconv.Itoa(op.ID)+" is running.")
				return nil
			}}
		a.deny(!u.can(n.capability), false, noPermission)
		if missing {
			a.Blocked = contextUnavailable
		}
		p.Actions = append(p.Actions, a)
	}
	ctx := []entry{{"Workspace", text(u.ws.Name)}, {"Environment", text(u.env.Name)}}
	if missing {
		ctx = append(ctx, entry{"Environment context", badge("Not configured")})
		p.Blocks = append(p.Blocks, block{Kind: "alert", Alert: &alert{Color: "warning", Title: contextUnavailable,
			Text: "The managed environment's product context could not be resolved. Scoped actions stay disabled until it is restored."}})
	} else {
		ctx = append(ctx, entry{"Environment context", badge("Ready")})
	}
	p.Blocks = append(p.Blocks, block{Kind: "entries", Heading: "Environment", Entries: ctx},
		block{Kind: "links", Heading: "Surfaces", Links: envNav(u, []string{"-"})[1:]})
	return p
}

package fixtureapp

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// httpErr is a page or update refused with an HTTP status.
type httpErr struct {
	code int
	msg  string
}

func (e *httpErr) Error() string { return fmt.Sprintf("%d %s", e.code, e.msg) }

var (
	errNotFound  = &httpErr{http.StatusNotFound, "Not Found"}
	errForbidden = &httpErr{http.StatusForbidden, "This action is unauthorized."}
)

// update is the context of one page build: the actor, the component's
// public data, and what the calls produced. Page loads use it too, so one
// code path authorizes both. The store is locked while it lives.
type update struct {
	app      *App
	actor    *Actor
	sess     *session
	data     map[string]any
	query    url.Values // page loads only: initial wizard state
	ws       *Workspace
	env      *Env
	notes    []note
	redirect string
	errors   map[string]string // validation messages by field id
	dirty    bool              // page state changed: re-render the whole component
	signIn   *Actor            // set by a successful authenticate
}

func (u *update) fault(name string) bool { return u.app.faults[name] }
func (u *update) f() *Fixtures           { return u.app.store.f }
func (u *update) can(c string) bool      { return u.actor.Can(c) }

func (u *update) notify(status, title, body string) {
	u.notes = append(u.notes, note{Title: title, Body: body, Status: status})
}

// envPath is the base path of the current environment.
func (u *update) envPath() string {
	return "/admin/workspaces/" + u.ws.Slug + "/environments/" + u.env.Slug
}

// resolve authorizes and builds the page at path for u's actor. Wrong panel,
// workspace or environment, and unknown records are all errNotFound, with no
// record name in the answer.
func (a *App) resolve(u *update, path string) (*page, error) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case segs[0] == "system" && u.actor.Panel == "system":
		return a.systemPage(u, segs[1:])
	case segs[0] == "admin" && u.actor.Panel == "admin":
		return a.adminPage(u, segs[1:])
	}
	return nil, errNotFound
}

func (a *App) adminPage(u *update, segs []string) (*page, error) {
	if len(segs) < 2 || segs[0] != "workspaces" {
		return nil, errNotFound
	}
	for _, w := range u.f().Workspaces {
		if w.Slug == segs[1] {
			u.ws = w
		}
	}
	if u.ws == nil {
		return nil, errNotFound
	}
	member := u.ws.Key == u.actor.Workspace
	if len(segs) == 2 {
		if !member {
			return nil, errNotFound
		}
		return workspacePage(u), nil
	}
	if len(segs) < 4 || segs[2] != "environments" {
		return nil, errNotFound
	}
	for _, e := range u.f().Envs {
		if e.Slug == segs[3] && e.Workspace == u.ws.Key {
			u.env = e
		}
	}
	if u.env == nil {
		return nil, errNotFound
	}
	rest := segs[4:]
	if p, ok, err := faultPage(u, rest, member); ok {
		return p, err
	}
	// cross-workspace-leak: the backup set view forgets the membership check.
	leak := u.fault("cross-workspace-leak") && len(rest) == 2 && rest[0] == "backup-sets"
	if !member && !leak {
		return nil, errNotFound
	}
	if !u.can("view") && !leak {
		return nil, errForbidden
	}
	p, err := envRoute(u, rest)
	if err != nil {
		return nil, err
	}
	p.Nav = envNav(u, rest)
	faultLinks(u, rest, p)
	return p, nil
}

// envRoute dispatches the environment's sub-pages.
func envRoute(u *update, rest []string) (*page, error) {
	if len(rest) == 0 {
		return dashboardPage(u), nil
	}
	sub, id := rest[0], ""
	if len(rest) > 1 {
		id = rest[1]
	}
	tail := ""
	if len(rest) > 2 {
		tail = strings.Join(rest[2:], "/")
	}
	type route struct {
		list  func(*update) *page
		newP  func(*update) (*page, error)
		view  func(*update, string) (*page, error)
		tails map[string]func(*update, string) (*page, error)
	}
	routes := map[string]route{
		"restore-runs":         {list: restoreRunsPage, newP: restoreWizardPage, view: restoreRunPage},
		"backup-schedules":     {list: schedulesPage, newP: scheduleCreatePage, tails: map[string]func(*update, string) (*page, error){"edit": scheduleEditPage}},
		"backup-sets":          {list: backupSetsPage, view: backupSetPage},
		"backup-runs":          {list: backupRunsPage, view: backupRunPage},
		"provider-connections": {list: providersPage, view: providerPage, tails: map[string]func(*update, string) (*page, error){"edit": providerEditPage, "required-permissions": permissionsPage}},
		"operations":           {list: operationsPage, view: operationPage},
		"audit-log":            {list: auditPage},
	}
	rt, ok := routes[sub]
	switch {
	case !ok || len(rest) > 3:
		return nil, errNotFound
	case id == "":
		return rt.list(u), nil
	case id == "create" && tail == "" && rt.newP != nil:
		return rt.newP(u)
	case tail == "" && rt.view != nil:
		return rt.view(u, id)
	case tail != "" && rt.tails[tail] != nil:
		return rt.tails[tail](u, id)
	}
	return nil, errNotFound
}

// envNav is the sidebar of an environment.
func envNav(u *update, rest []string) []link {
	base := u.envPath()
	cur := ""
	if len(rest) > 0 {
		cur = rest[0]
	}
	items := []struct{ label, sub string }{
		{"Dashboard", ""}, {"Restore runs", "restore-runs"}, {"Backup schedules", "backup-schedules"},
		{"Backup sets", "backup-sets"}, {"Backup runs", "backup-runs"}, {"Provider connections", "provider-connections"},
		{"Operations", "operations"}, {"Audit log", "audit-log"},
	}
	out := make([]link, 0, len(items))
	for _, it := range items {
		href := base
		if it.sub != "" {
			href += "/" + it.sub
		}
		out = append(out, link{Label: it.label, Href: href, Active: it.sub == cur})
	}
	return out
}

func (a *App) systemPage(u *update, segs []string) (*page, error) {
	if !u.can("system.view") {
		return nil, errForbidden
	}
	path := strings.Join(segs, "/")
	pages := map[string]func(*update) *page{
		"":                        systemHomePage,
		"directory/workspaces":    systemWorkspacesPage,
		"ops/runs":                systemRunsPage,
		"security/access-logs":    systemAccessLogsPage,
		"repair-workspace-owners": systemRepairPage,
	}
	build, ok := pages[path]
	if !ok {
		return nil, errNotFound
	}
	p := build(u)
	p.Nav = systemNav(path)
	return p, nil
}

func systemNav(cur string) []link {
	items := []struct{ label, sub string }{
		{"Dashboard", ""}, {"Workspaces", "directory/workspaces"}, {"Operation runs", "ops/runs"},
		{"Access logs", "security/access-logs"}, {"Repair workspace owners", "repair-workspace-owners"},
	}
	out := make([]link, 0, len(items))
	for _, it := range items {
		href := "/system"
		if it.sub != "" {
			href += "/" + it.sub
		}
		out = append(out, link{Label: it.label, Href: href, Active: it.sub == cur})
	}
	return out
}

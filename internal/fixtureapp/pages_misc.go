package fixtureapp

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

const loginComponent = "filament.auth.pages.login"

// loginPage is Filament's sign-in page: labelled fields with dotted ids, no
// name attributes, "Sign in". Submitting calls authenticate.
func loginPage(u *update, panel string) *page {
	if _, ok := u.data["data"]; !ok {
		u.data["data"] = map[string]any{"email": "", "password": ""}
	}
	f := &form{Method: "authenticate", Submit: "Sign in", Fields: []field{
		{ID: "data.email", Label: "Email address", Type: "email", Value: str(u.data, "data.email")},
		{ID: "data.password", Label: "Password", Type: "password"},
	}}
	p := &page{Name: loginComponent, Title: "Sign in", Heading: "Sign in", Login: true, Blocks: []block{{Kind: "form", Form: f}}}
	p.save = func(u *update) error {
		email := strings.TrimSpace(str(u.data, "data.email"))
		password := str(u.data, "data.password")
		setPath(u.data, "data.password", "") // a password never travels back in a snapshot
		s := u.app.sessions
		if wait := s.attempt(email, time.Now()); wait > 0 {
			s.record(email, panel, "Rate limited", false)
			u.errors["data.email"] = tooMany(wait)
			return nil
		}
		for _, a := range u.f().Actors {
			if a.Email == email && a.Password == password && a.Panel == panel {
				u.signIn = a
				s.record(email, panel, "Signed in", true)
				u.redirect = "/" + panel
				return nil
			}
		}
		s.record(email, panel, "Failed", false)
		u.errors["data.email"] = "These credentials do not match our records."
		return nil
	}
	return p
}

// searchResult is one global search hit.
type searchResult struct {
	Title, Kind, Href string
}

// globalSearch returns the records matching q that actor may see: only the
// environments of the actor's own workspace are searched.
func globalSearch(f *Fixtures, actor *Actor, q string) []searchResult {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" || actor.Panel != "admin" {
		return nil
	}
	var out []searchResult
	add := func(name, kind, envKey, sub string) {
		e := f.Envs[envKey]
		if e == nil || e.Workspace != actor.Workspace || !strings.Contains(strings.ToLower(name), q) {
			return
		}
		href := "/admin/workspaces/" + f.Workspaces[e.Workspace].Slug + "/environments/" + e.Slug + sub
		out = append(out, searchResult{Title: name, Kind: kind + " · " + e.Name, Href: href})
	}
	for k, e := range f.Envs {
		add(e.Name, "Environment", k, "")
	}
	for _, r := range f.BackupSets {
		add(r.Name, "Backup set", r.Env, "/backup-sets/"+strconv.Itoa(r.ID))
	}
	for _, r := range f.RestoreRuns {
		add(r.Name, "Restore run", r.Env, "/restore-runs/"+strconv.Itoa(r.ID))
	}
	for _, r := range f.BackupSchedules {
		add(r.Name, "Backup schedule", r.Env, "/backup-schedules")
	}
	for _, r := range f.Providers {
		add(r.Name, "Provider connection", r.Env, "/provider-connections/"+strconv.Itoa(r.ID))
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].Title < out[j].Title
	})
	return out
}

// searchPage is the full results page of the global search.
func searchPage(u *update) *page {
	if _, ok := u.data["q"]; !ok {
		u.data["q"] = u.query.Get("q")
	}
	q := str(u.data, "q")
	t := &table{Columns: []string{"Result", "Type"}, Empty: "No search results found."}
	for i, r := range globalSearch(u.f(), u.actor, q) {
		t.Rows = append(t.Rows, row{Key: strconv.Itoa(i + 1), Cells: []cell{linkTo(r.Title, r.Href), text(r.Kind)}})
	}
	return &page{Name: "global-search", Title: "Search", Heading: "Search results", Subheading: q, Blocks: []block{{Kind: "table", Table: t}}}
}

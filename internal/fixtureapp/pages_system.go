package fixtureapp

import (
	"slices"
	"strconv"
	"strings"
)

func systemHomePage(u *update) *page {
	return &page{Name: "system.dashboard", Title: "System", Heading: "System", Subheading: "Platform operations",
		Blocks: []block{{Kind: "links", Heading: "Pages", Links: systemNav("-")[1:]}}}
}

// sortedWorkspaces returns the workspaces by slug with their owner's email.
func sortedWorkspaces(f *Fixtures) []*Workspace {
	var out []*Workspace
	for _, w := range f.Workspaces {
		out = append(out, w)
	}
	slices.SortFunc(out, func(a, b *Workspace) int { return strings.Compare(a.Slug, b.Slug) })
	return out
}

func workspaceMembers(f *Fixtures, ws string) (members int, owner string) {
	for _, a := range f.Actors {
		if a.Panel == "admin" && a.Workspace == ws {
			members++
			if a.Role == "owner" {
				owner = a.Email
			}
		}
	}
	return members, owner
}

func systemWorkspacesPage(u *update) *page {
	t := &table{Columns: []string{"Workspace", "Slug", "Environments", "Members", "Owner"}, Empty: "No workspaces"}
	for _, w := range sortedWorkspaces(u.f()) {
		envs := 0
		for _, e := range u.f().Envs {
			if e.Workspace == w.Key {
				envs++
			}
		}
		members, owner := workspaceMembers(u.f(), w.Key)
		t.Rows = append(t.Rows, row{Key: w.Slug, Cells: []cell{text(w.Name), text(w.Slug), text(strconv.Itoa(envs)), text(strconv.Itoa(members)), text(owner)}})
	}
	return &page{Name: "system.directory.workspaces", Title: "Workspaces", Heading: "Workspaces", Subheading: "Directory",
		Blocks: []block{{Kind: "table", Table: t}}}
}

func systemRunsPage(u *update) *page {
	t := &table{Columns: []string{"Run", "Workspace", "Environment", "Type", "Status", "Started"}, Empty: "No operation runs"}
	for _, op := range newestFirst(u.f().Operations, "") {
		ws, env := "Platform", "—"
		if e := u.f().Envs[op.Env]; e != nil {
			ws, env = u.f().Workspaces[e.Workspace].Name, e.Name
		}
		t.Rows = append(t.Rows, row{Key: strconv.Itoa(op.ID), Cells: []cell{text("#" + strconv.Itoa(op.ID)), text(ws), text(env), text(op.Type), badge(op.Status), text(op.Started)}})
	}
	return &page{Name: "system.ops.runs", Title: "Operation runs", Heading: "Operation runs", Subheading: "All workspaces",
		Blocks: []block{{Kind: "table", Table: t}}}
}

func systemAccessLogsPage(u *update) *page {
	t := &table{Columns: []string{"Time", "Email", "Panel", "Result"}, Empty: "No access logs"}
	logs := u.app.sessions.accessLogs()
	for i := len(logs) - 1; i >= 0; i-- {
		l := logs[i]
		t.Rows = append(t.Rows, row{Key: strconv.Itoa(i + 1), Cells: []cell{text(l.At), text(l.Email), text(l.Panel), text(l.Result)}})
	}
	return &page{Name: "system.security.access-logs", Title: "Access logs", Heading: "Access logs", Subheading: "Security",
		Blocks: []block{{Kind: "table", Table: t}}}
}

// systemRepairPage: the repair action needs system.repair; platform
// read-only operators see it disabled with a tooltip and get 403 on invoke.
func systemRepairPage(u *update) *page {
	t := &table{Columns: []string{"Workspace", "Owner", "Status"}, Empty: "No workspaces"}
	for _, w := range sortedWorkspaces(u.f()) {
		_, owner := workspaceMembers(u.f(), w.Key)
		st := "Ready"
		if owner == "" {
			st, owner = "Needs attention", "No owner"
		}
		t.Rows = append(t.Rows, row{Key: w.Slug, Cells: []cell{text(w.Name), text(owner), badge(st)}})
	}
	repair := (&action{Name: "repairWorkspaceOwners", Label: "Repair workspace owners", Color: "danger",
		Modal: &modal{Heading: "Repair workspace owners", Submit: "Repair", Color: "danger",
			Description: "Re-assigns an owner to every workspace without one. Each change is audited."},
		Run: func(u *update, _ *mounted) error {
			op := u.startOperation("Workspace owner repair", "Workspace owner repair queued.", "Workspace owners repaired", "All workspaces", "")
			u.notify("success", "Repair queued", "Operation run #"+strconv.Itoa(op.ID)+" is running.")
			return nil
		}}).deny(!u.can("system.repair"), false, "Requires the platform repair capability.")
	return &page{Name: "system.repair-workspace-owners", Title: "Repair workspace owners", Heading: "Repair workspace owners", Subheading: "Diagnostics",
		Actions: []*action{repair}, Blocks: []block{{Kind: "table", Table: t}}}
}

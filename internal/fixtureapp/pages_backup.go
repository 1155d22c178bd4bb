package fixtureapp

import (
	"encoding/json"
	"fmt"
	"strconv"
)

const noBackupPermission = "You do not have permission to manage backups."

// scheduleStatus: a schedule without a provider is Not configured; one whose
// provider is stale, failed or disabled is Blocked, with the reason.
func (u *update) scheduleStatus(s *BackupSchedule) (status, reason string) {
	p := u.f().Providers[s.Provider]
	switch {
	case p == nil:
		return "Not configured", "Provider connection not configured."
	case p.Disabled:
		return "Blocked", "Provider connection is disabled."
	case p.Verification == "stale":
		return "Blocked", "Provider verification is stale. Verify the provider connection first."
	case p.Status == "Failed":
		return "Blocked", "Provider connection failed."
	}
	return "Ready", ""
}

func schedulesPage(u *update) *page {
	base := u.envPath() + "/backup-schedules"
	p := &page{Name: "backup-schedules.list", Title: "Backup schedules", Heading: "Backup schedules", Subheading: u.env.Name}
	p.Actions = []*action{(&action{Name: "create", Label: "New backup schedule", Color: "primary", Href: base + "/create"}).deny(!u.can("backup.manage"), true, "")}
	t := &table{Columns: []string{"Name", "Frequency", "Provider connection", "Status"}, Empty: "No backup schedules"}
	schedules := inEnv(u.f().BackupSchedules, u.env.Key)
	if u.fault("similar-row-names") {
		t.Rows = similarRows(u, schedules)
	}
	for _, s := range schedules {
		key := strconv.Itoa(s.ID)
		status, reason := u.scheduleStatus(s)
		run := runNowAction(u, s)
		run.RecordKey = key
		if status != "Ready" {
			run.Blocked = reason
		}
		if u.fault("similar-row-names") {
			run.Hidden = false // shown (disabled) to whoever may not run it
		}
		edit := (&action{Name: "edit", Label: "Edit", Color: "gray", Href: base + "/" + key + "/edit"}).deny(!u.can("backup.manage"), true, "")
		prov := "None"
		if pr := u.f().Providers[s.Provider]; pr != nil {
			prov = pr.Name
		}
		t.Rows = append(t.Rows, row{Key: key, Cells: []cell{text(s.Name), text(s.Frequency), text(prov), badge(status)}, Actions: []*action{run, edit}})
		p.rows = append(p.rows, run)
	}
	p.Blocks = []block{{Kind: "table", Table: t}}
	return p
}

// similarRows are the similar-row-names fault's decoys: rows named like
// each schedule plus " 2", listed first, whose Run now is hidden as it
// should be. The fault also shows the real rows' Run now to everyone, so
// only a runner that picks the row named exactly sees the defect.
func similarRows(u *update, schedules []*BackupSchedule) []row {
	var rows []row
	for _, s := range schedules {
		run := runNowAction(u, s)
		run.RecordKey = "similar-" + strconv.Itoa(s.ID)
		rows = append(rows, row{Key: run.RecordKey, Cells: []cell{text(s.Name + " 2"), text(s.Frequency), text("None"), badge("Ready")}, Actions: []*action{run}})
	}
	return rows
}

// runNowAction is hidden for actors without backup.run (Filament's
// ->visible(can)), 403 when invoked.
func runNowAction(u *update, s *BackupSchedule) *action {
	a := &action{Name: "runNow", Label: "Run now", Color: "primary",
		Modal: &modal{Heading: "Run backup now", Submit: "Run now", Color: "primary",
			Description: fmt.Sprintf("Starts a backup of %s with the schedule %s.", u.env.Name, s.Name)},
		Run: func(u *update, _ *mounted) error {
			st := u.app.store
			r := &BackupRun{ID: st.newID(), Env: u.env.Key, Schedule: s.Key, Result: "running", Started: st.now()}
			r.Name = "Backup run #" + strconv.Itoa(r.ID)
			u.f().BackupRuns["run_"+strconv.Itoa(r.ID)] = r
			href := u.envPath() + "/backup-runs/" + strconv.Itoa(r.ID)
			u.startOperation("Backup run", r.Name+" for "+s.Name+" queued.", "Backup run started", s.Name, href)
			u.notify("success", "Backup run queued", r.Name+" is running.")
			return nil
		}}
	return a.deny(!u.can("backup.run"), true, "")
}

func scheduleCreatePage(u *update) (*page, error) {
	return scheduleForm(u, nil)
}

func scheduleEditPage(u *update, id string) (*page, error) {
	s, ok := byID(u.f().BackupSchedules, u.env.Key, id)
	if !ok {
		return nil, errNotFound
	}
	return scheduleForm(u, s)
}

// scheduleForm is the create (s == nil) and edit page; both need
// backup.manage (403 otherwise, like Filament's canCreate/canEdit).
func scheduleForm(u *update, s *BackupSchedule) (*page, error) {
	if !u.can("backup.manage") {
		return nil, errForbidden
	}
	list := u.envPath() + "/backup-schedules"
	p := &page{Name: "backup-schedules.create", Title: "New backup schedule", Heading: "New backup schedule", Subheading: u.env.Name}
	submit := "Create"
	if s != nil {
		p.Name, p.Title, p.Heading, submit = "backup-schedules.edit", "Edit "+s.Name, "Edit "+s.Name, "Save changes"
	}
	if _, ok := u.data["data"]; !ok {
		d := map[string]any{"name": "", "frequency": "Daily", "provider": ""}
		if s != nil {
			d = map[string]any{"name": s.Name, "frequency": s.Frequency, "provider": s.Provider}
		}
		u.data["data"] = d
	}
	provs := []option{{Value: "", Label: "None"}}
	for _, pr := range inEnv(u.f().Providers, u.env.Key) {
		provs = append(provs, option{Value: pr.Key, Label: pr.Name})
	}
	f := &form{Method: "save", Submit: submit, Cancel: list, Fields: []field{
		{ID: "data.name", Label: "Name", Type: "text", Value: str(u.data, "data.name")},
		{ID: "data.frequency", Label: "Frequency", Type: "select", Value: str(u.data, "data.frequency"), Options: []option{{"Daily", "Daily"}, {"Weekly", "Weekly"}}},
		{ID: "data.provider", Label: "Provider connection", Type: "select", Value: str(u.data, "data.provider"), Options: provs},
	}}
	p.Blocks = []block{{Kind: "form", Form: f}}
	p.save = func(u *update) error {
		name := str(u.data, "data.name")
		if name == "" {
			u.errors["data.name"] = "The name field is required."
			return nil
		}
		if u.f().Providers[str(u.data, "data.provider")] == nil {
			setPath(u.data, "data.provider", "")
		}
		target := s
		if target == nil {
			target = &BackupSchedule{ID: u.app.store.newID(), Env: u.env.Key}
			target.Key = "schedule_" + strconv.Itoa(target.ID)
			u.f().BackupSchedules[target.Key] = target
		}
		target.Name, target.Frequency, target.Provider = name, str(u.data, "data.frequency"), str(u.data, "data.provider")
		u.audit("Backup schedule saved", name)
		u.notify("success", "Saved", "")
		u.redirect = list
		return nil
	}
	return p, nil
}

func backupSetsPage(u *update) *page {
	p := &page{Name: "backup-sets.list", Title: "Backup sets", Heading: "Backup sets", Subheading: u.env.Name}
	t := &table{Columns: []string{"Name", "Status", "Items", "Created"}, Empty: "No backup sets"}
	for _, s := range inEnv(u.f().BackupSets, u.env.Key) {
		key := strconv.Itoa(s.ID)
		t.Rows = append(t.Rows, row{Key: key, Cells: []cell{linkTo(s.Name, u.envPath()+"/backup-sets/"+key), badge(s.Status), text(strconv.Itoa(len(s.Items))), text(s.Created)}})
	}
	archive := (&action{Name: "archiveSelected", Label: "Archive selected", Color: "gray", Bulk: true,
		Modal: &modal{Heading: "Archive selected backup sets", Submit: "Archive", Color: "warning", Description: archiveDescription},
		Run: func(u *update, _ *mounted) error {
			n := 0
			// The table's query scopes the selection: keys of other
			// environments' sets select nothing (spec 402 FR-402-016).
			for _, key := range u.selectedRecords() {
				if s, ok := byID(u.f().BackupSets, u.env.Key, key); ok && s.Status != "Historical" {
					u.archiveBackupSet(s)
					n++
				}
			}
			u.notify("success", fmt.Sprintf("Archived %d backup sets", n), "")
			return nil
		}}).deny(!u.managesBackupSets(), true, "")
	t.Bulk = []*action{archive}
	p.rows = append(p.rows, archive)
	p.Blocks = []block{{Kind: "table", Table: t}}
	return p
}

const archiveDescription = "Archived backup sets stay available for audit but are no longer offered for restore."

// managesBackupSets: archive and delete need backup.manage in the actor's
// own workspace.
func (u *update) managesBackupSets() bool {
	return u.can("backup.manage") && u.actor.Workspace == u.ws.Key
}

// archiveBackupSet marks s Historical, audited; the callers notify.
func (u *update) archiveBackupSet(s *BackupSet) {
	s.Status = "Historical"
	u.audit("Backup set archived", s.Name)
}

// backupSetPage is the view page with its items relation manager and the
// Archive and Delete actions (hidden without backup.manage, 403 on invoke).
func backupSetPage(u *update, id string) (*page, error) {
	s, ok := byID(u.f().BackupSets, u.env.Key, id)
	if !ok {
		return nil, errNotFound
	}
	list := u.envPath() + "/backup-sets"
	p := &page{Name: "backup-sets.view", Title: s.Name, Heading: s.Name, Subheading: u.env.Name,
		Breadcrumbs: []link{{Label: "Backup sets", Href: list}, {Label: s.Name}}}
	manage := u.managesBackupSets()
	archive := (&action{Name: "archive", Label: "Archive", Color: "gray",
		Modal: &modal{Heading: "Archive backup set", Submit: "Archive", Color: "warning", Description: archiveDescription},
		Run: func(u *update, _ *mounted) error {
			u.archiveBackupSet(s)
			u.notify("success", "Backup set archived", "")
			return nil
		}}).deny(!manage, true, "")
	archive.Hidden = archive.Hidden || s.Status == "Historical"
	del := (&action{Name: "delete", Label: "Delete", Color: "danger",
		Modal: &modal{Heading: "Delete backup set", Submit: "Delete", Color: "danger",
			Description: fmt.Sprintf("Deletes %s and its %d items. This cannot be undone.", s.Name, len(s.Items))},
		Run: func(u *update, _ *mounted) error {
			delete(u.f().BackupSets, s.Key)
			u.audit("Backup set deleted", s.Name)
			u.notify("success", "Backup set deleted", "")
			u.redirect = list
			return nil
		}}).deny(!manage, true, "")
	if u.fault("missing-confirmation") {
		del.Modal = nil
	}
	p.Actions = []*action{archive, del}
	p.Blocks = []block{{Kind: "entries", Heading: "Backup set", Entries: []entry{
		{"Name", text(s.Name)}, {"Status", badge(s.Status)}, {"Items", text(strconv.Itoa(len(s.Items)))}, {"Created", text(s.Created)},
		{"Restore preview", badge(previewWords[s.Preview][0])}}}}
	items := &table{Columns: []string{"Name", "Type", "Status"}, Empty: "No items"}
	for i, it := range s.Items {
		items.Rows = append(items.Rows, row{Key: strconv.Itoa(i + 1), Cells: []cell{text(it.Name), text(it.Type), badge(it.Status)}})
	}
	p.Blocks = append(p.Blocks, block{Kind: "table", Heading: "Items", Table: items})
	return p, nil
}

// backupRunWords is resultWords, except under partial-as-success.
func (u *update) backupRunWords(r *BackupRun) [2]string {
	if r.Result == "partial" && u.fault("partial-as-success") {
		return resultWords["completed"]
	}
	return resultWords[r.Result]
}

func backupRunsPage(u *update) *page {
	p := &page{Name: "backup-runs.list", Title: "Backup runs", Heading: "Backup runs", Subheading: u.env.Name}
	t := &table{Columns: []string{"Backup run", "Schedule", "Result", "Status", "Items captured", "Started"}, Empty: "No backup runs"}
	for _, r := range newestFirst(u.f().BackupRuns, u.env.Key) {
		key := strconv.Itoa(r.ID)
		w := u.backupRunWords(r)
		t.Rows = append(t.Rows, row{Key: key, Cells: []cell{linkTo(r.Name, u.envPath()+"/backup-runs/"+key), text(u.scheduleName(r.Schedule)),
			badge(w[0]), badge(w[1]), text(fmt.Sprintf("%d of %d", r.ItemsCaptured, r.ItemsTotal)), text(r.Started)}})
	}
	p.Blocks = []block{{Kind: "table", Table: t}}
	return p
}

func (u *update) scheduleName(key string) string {
	if s := u.f().BackupSchedules[key]; s != nil {
		return s.Name
	}
	return "Deleted schedule"
}

func backupRunPage(u *update, id string) (*page, error) {
	r, ok := byID(u.f().BackupRuns, u.env.Key, id)
	if !ok {
		return nil, errNotFound
	}
	w := u.backupRunWords(r)
	p := &page{Name: "backup-runs.view", Title: r.Name, Heading: r.Name, Subheading: u.env.Name,
		Breadcrumbs: []link{{Label: "Backup runs", Href: u.envPath() + "/backup-runs"}, {Label: r.Name}}}
	p.Blocks = []block{{Kind: "entries", Heading: "Backup run", Entries: []entry{
		{"Schedule", text(u.scheduleName(r.Schedule))}, {"Result", badge(w[0])}, {"Status", badge(w[1])},
		{"Items captured", text(fmt.Sprintf("%d of %d", r.ItemsCaptured, r.ItemsTotal))}, {"Started", text(r.Started)}}}}
	if w[0] != "Completed" {
		if al := resultAlert(r.Result, r.Detail, "Backup"); al != nil {
			p.Blocks = append(p.Blocks, block{Kind: "alert", Alert: al})
		}
	}
	if raw := u.rawProviderResponse(r); raw != "" {
		p.Blocks = append(p.Blocks, block{Kind: "entries", Heading: "Provider response", Entries: []entry{{"Raw payload", text(raw)}}})
	}
	p.Blocks = append(p.Blocks, block{Kind: "links", Heading: "Evidence", Links: []link{{Label: "View operations", Href: u.envPath() + "/operations"}}})
	return p, nil
}

// rawProviderResponse is what a leaky backup run detail shows with the
// credential-leak fault on: the provider call's raw JSON, credentials and
// internal keys included (spec 401 FR-401-029 forbids it). "" otherwise.
func (u *update) rawProviderResponse(r *BackupRun) string {
	if !u.fault("credential-leak") {
		return ""
	}
	s := u.f().BackupSchedules[r.Schedule]
	if s == nil {
		return ""
	}
	pr := u.f().Providers[s.Provider]
	if pr == nil {
		return ""
	}
	raw, _ := json.Marshal(map[string]any{"schedule": r.Schedule, "client_id": pr.ClientID,
		"client_secret": pr.ClientSecret, "items_total": r.ItemsTotal, "items_captured": r.ItemsCaptured})
	return string(raw)
}

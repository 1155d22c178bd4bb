package fixtureapp

import (
	"fmt"
	"strconv"
)

// resultWords maps a run result to its result word and its canonical
// status: partial, failed and conflict never read as complete or Ready.
var resultWords = map[string][2]string{
	"completed": {"Completed", "Ready"},
	"partial":   {"Partial", "Needs attention"},
	"failed":    {"Failed", "Failed"},
	"conflict":  {"Conflict", "Blocked"},
	"running":   {"Running", "Running"},
}

func (u *update) restoreRunHref(r *RestoreRun) string {
	return u.envPath() + "/restore-runs/" + strconv.Itoa(r.ID)
}

func restoreRunsPage(u *update) *page {
	p := &page{Name: "restore-runs.list", Title: "Restore runs", Heading: "Restore runs", Subheading: u.env.Name,
		Actions: []*action{{Name: "create", Label: "New restore", Color: "primary", Href: u.envPath() + "/restore-runs/create"}}}
	t := &table{Columns: []string{"Restore run", "Backup set", "Result", "Status", "Started"}, Empty: "No restore runs"}
	for _, r := range newestFirst(u.f().RestoreRuns, u.env.Key) {
		w := resultWords[r.Result]
		t.Rows = append(t.Rows, row{Key: strconv.Itoa(r.ID), Cells: []cell{linkTo(r.Name, u.restoreRunHref(r)),
			text(u.setName(r.BackupSet)), badge(w[0]), badge(w[1]), text(r.Started)}})
	}
	p.Blocks = []block{{Kind: "table", Table: t}}
	return p
}

func (u *update) setName(key string) string {
	if s := u.f().BackupSets[key]; s != nil {
		return s.Name
	}
	return "Deleted backup set"
}

func restoreRunPage(u *update, id string) (*page, error) {
	r, ok := byID(u.f().RestoreRuns, u.env.Key, id)
	if !ok {
		return nil, errNotFound
	}
	if u.fault("http-500") {
		return nil, &httpErr{500, "Server Error"}
	}
	w := resultWords[r.Result]
	p := &page{Name: "restore-runs.view", Title: r.Name, Heading: r.Name, Subheading: u.env.Name,
		Breadcrumbs: []link{{Label: "Restore runs", Href: u.envPath() + "/restore-runs"}, {Label: r.Name}}}
	startedBy := r.StartedBy
	if startedBy == "" {
		startedBy = "owner@contoso.test"
	}
	p.Blocks = append(p.Blocks, block{Kind: "entries", Heading: "Result", Entries: []entry{
		{"Backup set", text(u.setName(r.BackupSet))}, {"Result", badge(w[0])}, {"Status", badge(w[1])},
		{"Items restored", text(fmt.Sprintf("%d of %d", r.ItemsRestored, r.ItemsTotal))},
		{"Started", text(r.Started)}, {"Started by", text(startedBy)},
	}})
	if al := resultAlert(r.Result, r.Detail, "Restore"); al != nil {
		p.Blocks = append(p.Blocks, block{Kind: "alert", Alert: al})
	}
	p.Blocks = append(p.Blocks, block{Kind: "links", Heading: "Evidence", Links: []link{
		{Label: "View operations", Href: u.envPath() + "/operations"}, {Label: "View audit log", Href: u.envPath() + "/audit-log"}}})
	return p, nil
}

// resultAlert explains a non-successful result; nil for completed runs.
func resultAlert(result, detail, noun string) *alert {
	switch result {
	case "partial":
		return &alert{Color: "warning", Title: "Partial result", Text: detail}
	case "failed":
		return &alert{Color: "danger", Title: noun + " failed", Text: detail}
	case "conflict":
		return &alert{Color: "danger", Title: noun + " stopped on a conflict", Text: detail}
	case "running":
		return &alert{Color: "info", Title: noun + " running", Text: "The operation is queued and has not finished."}
	}
	return nil
}

var wizardSteps = []string{"backup-set", "readiness-checks", "preview", "confirm-restore"}
var wizardLabels = []string{"Backup set", "Readiness checks", "Preview", "Confirm restore"}

// previewWords: preview freshness -> canonical status, age, explanation.
var previewWords = map[string][3]string{
	"fresh":   {"Ready", "5 minutes ago", ""},
	"stale":   {"Needs attention", "3 days ago", "Preview is stale: the backup set or the tenant changed after this preview was generated. Regenerate the preview before executing."},
	"expired": {"Expired", "14 days ago", "Preview expired. Regenerate the preview before executing."},
}

// restoreWizardPage is the create wizard: backup set -> readiness checks ->
// preview -> confirm restore. ?backup_set=ID&step=SLUG deep-links a step
// (persisted in the query string, as Filament's wizard can); a step past a
// missing input falls back to the step that needs it.
func restoreWizardPage(u *update) (*page, error) {
	if _, ok := u.data["wizardStep"]; !ok {
		setPath(u.data, "data.backup_set", u.query.Get("backup_set"))
		u.data["wizardStep"] = u.query.Get("step")
	}
	set, _ := byID(u.f().BackupSets, u.env.Key, str(u.data, "data.backup_set"))
	step := 0
	for i, s := range wizardSteps {
		if s == str(u.data, "wizardStep") {
			step = i
		}
	}
	blocked := set != nil && set.Readiness == "blocked"
	switch {
	case set == nil:
		step = 0
	case blocked && step > 1:
		step = 1
	}
	u.data["wizardStep"] = wizardSteps[step]

	p := &page{Name: "restore-runs.create", Title: "New restore", Heading: "New restore", Subheading: u.env.Name,
		Breadcrumbs: []link{{Label: "Restore runs", Href: u.envPath() + "/restore-runs"}, {Label: "New restore"}}}
	execute, regenerate := restoreActions(u, set)
	p.rows = []*action{execute, regenerate}
	wz := &wizard{Steps: wizardLabels, Current: step, Back: step > 0, Next: step < len(wizardSteps)-1}
	switch step {
	case 0:
		f := &form{Fields: []field{{ID: "data.backup_set", Label: "Backup set", Type: "select", Value: str(u.data, "data.backup_set"), Options: u.setOptions()}}}
		wz.Body = []block{{Kind: "form", Form: f}}
		if str(u.data, "data.backup_set") != "" && set == nil {
			u.errors["data.backup_set"] = "The selected backup set is invalid."
		}
	case 1:
		wz.Body = readinessBlocks(u, set)
		if blocked {
			wz.NextTip = "Resolve the blocked readiness checks first."
		}
	case 2:
		pw := previewWords[set.Preview]
		wz.Body = []block{{Kind: "entries", Heading: "Preview", Entries: []entry{
			{"Backup set", text(set.Name)}, {"Preview status", badge(pw[0])}, {"Generated", text(pw[1])},
			{"Items", text(fmt.Sprintf("%d items will be restored", len(set.Items)))}}}}
		if pw[2] != "" {
			wz.Body = append(wz.Body, block{Kind: "alert", Alert: &alert{Color: "warning", Title: pw[0], Text: pw[2]}})
		}
		wz.Body = append(wz.Body, block{Kind: "actions", Actions: []*action{regenerate}})
	case 3:
		pw := previewWords[set.Preview]
		wz.Body = []block{{Kind: "entries", Heading: "Confirm restore", Entries: []entry{
			{"Backup set", text(set.Name)}, {"Target environment", text(u.env.Name)},
			{"Items", text(strconv.Itoa(len(set.Items)))}, {"Preview status", badge(pw[0])}}}}
		if pw[2] != "" {
			wz.Body = append(wz.Body, block{Kind: "alert", Alert: &alert{Color: "warning", Title: pw[0], Text: pw[2]}})
		}
		wz.Body = append(wz.Body, block{Kind: "actions", Actions: []*action{execute}})
	}
	p.Blocks = []block{{Kind: "wizard", Wizard: wz}}
	return p, nil
}

func (u *update) setOptions() []option {
	opts := []option{{Value: "", Label: "Select a backup set"}}
	for _, s := range inEnv(u.f().BackupSets, u.env.Key) {
		if s.Status != "Historical" {
			opts = append(opts, option{Value: strconv.Itoa(s.ID), Label: s.Name})
		}
	}
	return opts
}

func readinessBlocks(u *update, set *BackupSet) []block {
	mapping, detail := "Ready", "Every item maps to a target scope."
	if set.Readiness == "blocked" {
		mapping, detail = "Blocked", set.Blocker
	}
	t := &table{Columns: []string{"Check", "Status", "Detail"}, Rows: []row{
		{Key: "backup-set", Cells: []cell{text("Backup set"), badge("Ready"), text(set.Name)}},
		{Key: "provider", Cells: []cell{text("Provider connection"), badge("Ready"), text("Microsoft Graph (primary)")}},
		{Key: "mapping", Cells: []cell{text("Target scope mapping"), badge(mapping), text(detail)}},
	}}
	out := []block{{Kind: "table", Heading: "Readiness checks", Table: t}}
	if set.Readiness == "blocked" {
		out = append(out, block{Kind: "alert", Alert: &alert{Color: "danger", Title: "Restore blocked", Text: set.Blocker}})
	}
	return out
}

// restoreActions builds Execute restore and Regenerate preview for the
// selected backup set. Denied: disabled with a tooltip (TenantPilot's
// UiEnforcement pattern for restore), 403 when invoked.
func restoreActions(u *update, set *BackupSet) (execute, regenerate *action) {
	allowed := u.can("restore.execute") || (u.fault("authz-hole-restore") && u.actor.Role == "readonly")
	const tip = "You do not have permission to execute restores."
	execute = (&action{Name: "executeRestore", Label: "Execute restore", Color: "danger"}).deny(!allowed, false, tip)
	regenerate = (&action{Name: "regeneratePreview", Label: "Regenerate preview", Color: "gray"}).deny(!allowed, false, tip)
	if set == nil {
		execute.Blocked, regenerate.Blocked = "Select a backup set first.", "Select a backup set first."
		return execute, regenerate
	}
	switch {
	case set.Readiness == "blocked":
		execute.Blocked = "Restore blocked: resolve the readiness checks first."
	case set.Preview == "stale" && !u.fault("stale-executes"):
		execute.Blocked = "Preview is stale. Regenerate the preview before executing."
	case set.Preview == "expired" && !u.fault("stale-executes"):
		execute.Blocked = "Preview expired. Regenerate the preview before executing."
	}
	execute.Modal = &modal{Heading: "Execute restore", Color: "danger", Submit: "Restore",
		Description:  fmt.Sprintf("Restores %d items from %s into %s. This overwrites the current configuration and cannot be undone.", len(set.Items), set.Name, u.env.Name),
		ConfirmLabel: "Type the environment name to confirm", ConfirmValue: u.env.Name}
	execute.Run = func(u *update, _ *mounted) error {
		st := u.app.store
		r := &RestoreRun{ID: st.newID(), Env: u.env.Key, BackupSet: set.Key, Result: "running", ItemsTotal: len(set.Items), Started: st.now(), StartedBy: u.actor.Email}
		r.Name = "Restore #" + strconv.Itoa(r.ID)
		u.f().RestoreRuns["run_"+strconv.Itoa(r.ID)] = r
		u.startOperation("Restore execution", r.Name+" from "+set.Name+" queued.", "Restore executed", r.Name, u.restoreRunHref(r))
		u.notify("success", "Restore queued", r.Name+" is running.")
		u.redirect = u.restoreRunHref(r)
		return nil
	}
	regenerate.Run = func(u *update, _ *mounted) error {
		set.Preview = "fresh"
		u.notify("success", "Preview regenerated", "")
		return nil
	}
	return execute, regenerate
}

// Command gen records the fixture run in ../run: a realistic run of several
// domains with a matrix, a failure with findings and a screenshot, and one
// scenario of every result. Rerun it (go run ./internal/report/testdata/gen)
// when the fixture must change, then update the golden files.
package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"time"

	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/rundir"
)

var t0 = time.Date(2026, 3, 1, 10, 15, 0, 0, time.UTC)

func main() {
	if err := record(filepath.Join("internal", "report", "testdata", "run")); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

type outcome struct {
	plan  proof.PlannedScenario
	tags  []string
	row   proof.Row
	shots []string
	// retriedShots are the screenshots of the first of the row's Retried.
	retriedShots []string
	ran          bool
}

func record(dir string) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	meta := proof.Meta{
		RunID: "20260301-101500-ab12", Version: "0.3.0", Commit: "4f2c9e1", Target: "http://127.0.0.1:8089",
		Embedded: true, Faults: []string{"stale-executes"}, Pack: "pack-7d3f", Started: t0, Workers: 2,
		Command: "proofrun run scenarios/ --faults stale-executes",
		States: []string{"allowed", "unauthorized", "cross-workspace", "system-denied", "blocked", "stale", "expired",
			"partial", "failed", "conflict", "confirm-accepted", "confirm-cancelled", "first-click", "missing-context", "redaction"},
		Requirements: []proof.Requirement{
			{ID: "FR-401-004", Spec: "401", Summary: "Focused tests before runtime changes", Browser: false, Reason: "a development process rule, not a page behaviour"},
			{ID: "FR-401-010", Spec: "401", Summary: "Authorized users can view restore preview/readiness", Domain: "restore", Browser: true},
			{ID: "FR-401-012", Spec: "401", Summary: "Partial restore is never shown as success", Domain: "restore", Browser: true},
			{ID: "FR-401-013", Spec: "401", Summary: "A stale preview cannot execute as current", Domain: "restore", Browser: true},
			{ID: "FR-401-020", Spec: "401", Summary: "Backup run-now and archive need confirmation | no side effect on cancel", Domain: "backup", Browser: true},
			{ID: "FR-401-030", Spec: "401", Summary: "Provider verification and credential redaction", Domain: "provider", Browser: true},
			{ID: "FR-401-099", Spec: "401", Summary: "Provider disable is audited", Domain: "provider", Browser: true},
			{ID: "FR-402-020", Spec: "402", Summary: "Workspace isolation and system/admin separation", Domain: "cross-workspace", Browser: true},
			{ID: "FR-363-001", Spec: "363", Summary: "Scoped actions open their modal on the first click", Domain: "action-context", Browser: true},
		},
	}
	outs := outcomes()
	for _, o := range outs {
		meta.Plan = append(meta.Plan, o.plan)
	}
	run, err := rundir.Create(dir, meta, nil)
	if err != nil {
		return err
	}
	at := t0
	for _, o := range outs {
		if !o.ran {
			continue
		}
		base := o.row
		base.Tags = o.tags
		base.Start = at
		at = at.Add(time.Duration(base.DurationMS) * time.Millisecond)
		for _, name := range o.retriedShots {
			p, err := run.Screenshot(o.plan.ID, name, tinyPNG())
			if err != nil {
				return err
			}
			base.Retried[0].Evidence = append(base.Retried[0].Evidence, p)
		}
		for _, name := range o.shots {
			p, err := run.Screenshot(o.plan.ID, name, tinyPNG())
			if err != nil {
				return err
			}
			base.Evidence = append(base.Evidence, p)
		}
		if err := run.Append(rundir.RowsFor(meta.RunID, o.plan, base)...); err != nil {
			return err
		}
	}
	meta.Finished = t0.Add(42 * time.Second)
	meta.Events = []string{"browser crashed during restore-partial-not-success; relaunched"}
	return run.Finish(meta)
}

func steps(texts ...string) []proof.StepResult {
	out := make([]proof.StepResult, len(texts))
	for i, t := range texts {
		out[i] = proof.StepResult{Index: i + 1, Kind: "step", Text: t, Line: 8 + i, Status: "passed", DurationMS: int64(120 + 40*i)}
	}
	return out
}

func plan(id, title, domain, state, actor string, proves ...string) proof.PlannedScenario {
	return proof.PlannedScenario{ID: id, Title: title, Domain: domain, State: state, Actor: actor, Proves: proves, File: "scenarios/" + domain + "/" + id + ".yaml", Line: 1}
}

func outcomes() []outcome {
	stale := steps("visit: /admin/workspaces/contoso/environments/prod/restore-runs/create", "see: Preview expired", "action: {label: Execute restore, expect: disabled}")
	stale[2].Status, stale[2].Error = "failed", "expected the action to be disabled, it is enabled"
	partial := steps("visit: /admin/workspaces/contoso/environments/prod/restore-runs/17", "see: Partially restored")
	partial[1].Status, partial[1].Error = "failed", "browser crashed: websocket closed"
	cancel := []string{"visit: /admin/workspaces/contoso/environments/prod/backup-schedules", "action: Run now", "cancel: {}", "assert: runs_after == runs_before"}
	cancelFirst := steps(cancel...)
	cancelFirst[3].Status, cancelFirst[3].Error = "failed", "runs_after is 1, runs_before is 0"
	skipped := steps("visit: /admin/workspaces/contoso/environments/none/inventory")
	skipped[0].Status = "skipped"

	out := []outcome{
		{plan: plan("restore-preview-allowed", "An owner sees the restore preview", "restore", "allowed", "owner", "FR-401-010"),
			row: proof.Row{Result: proof.Proven, DurationMS: 2100, Steps: steps("visit: /admin/workspaces/contoso/environments/prod/restore-runs/create", "see: Readiness checks", "screenshot: preview")}, shots: []string{"preview"}, ran: true},
		{plan: plan("restore-stale-preview-blocked", "A stale restore preview cannot execute as current", "restore", "stale", "operator", "FR-401-013", "FR-401-010"),
			tags: []string{"smoke", "stale"},
			row: proof.Row{Result: proof.Failed, DurationMS: 3400, FailingStep: "3 action: Execute restore", Reason: "expected the action to be disabled, it is enabled", Steps: stale,
				Findings: []proof.Finding{
					{Kind: "console", URL: "http://127.0.0.1:8089/admin/workspaces/contoso/environments/prod/restore-runs/create", Message: `<img src=x onerror="window.__xss=1">`, Step: "2 see: Preview expired", At: t0.Add(3 * time.Second)},
					{Kind: "livewire", URL: "http://127.0.0.1:8089/livewire-3f9a/update", Status: 500, Message: "Livewire update failed", Step: "3 action: Execute restore", At: t0.Add(4 * time.Second)},
				}}, shots: []string{"stale blocked", "failure"}, ran: true},
		{plan: plan("restore-partial-not-success", "A partial restore is never shown as completed", "restore", "partial", "owner", "FR-401-012"),
			row: proof.Row{Result: proof.Error, DurationMS: 5000, FailingStep: "2 see: Partially restored", Reason: "browser crashed: websocket closed", Steps: partial}, ran: true},
		{plan: plan("backup-run-now-confirm", "Run now asks for confirmation and starts one run", "backup", "confirm-accepted", "owner", "FR-401-020"),
			tags: []string{"smoke"},
			row:  proof.Row{Result: proof.Proven, DurationMS: 2600, Steps: steps("visit: /admin/workspaces/contoso/environments/prod/backup-schedules", "action: Run now", "confirm: {}", "see: Backup run queued")}, ran: true},
		{plan: plan("backup-run-now-cancel", "Cancelling run now creates nothing", "backup", "confirm-cancelled", "owner", "FR-401-020"),
			row: proof.Row{Result: proof.Flaky, Attempts: 2, DurationMS: 4100, Steps: steps(cancel...),
				Reason: "proven on attempt 2 of 2; first failure: 4 assert: runs_after == runs_before: runs_after is 1, runs_before is 0",
				Retried: []proof.Attempt{{Result: proof.Failed, FailingStep: "4 assert: runs_after == runs_before", Reason: "runs_after is 1, runs_before is 0",
					Steps: cancelFirst, Start: t0.Add(20 * time.Second), DurationMS: 2000,
					Findings: []proof.Finding{{Kind: "http", URL: "http://127.0.0.1:8089/admin/backup-runs", Status: 500, Message: "server error", Step: "3 cancel: {}", At: t0.Add(21 * time.Second)}}}}},
			retriedShots: []string{"attempt 1 failure"}, ran: true},
		{plan: withDeferred(plan("backup-archive-expired", "An expired backup set cannot be archived", "backup", "expired", "owner", "FR-401-020"), "product decision pending: archive or delete expired sets"),
			row: proof.Row{Result: proof.Deferred, DurationMS: 900, Steps: steps("visit: /admin/workspaces/contoso/environments/prod/backup-sets")}, ran: true},
		{plan: plan("provider-verify-allowed", "An owner verifies a provider connection", "provider", "allowed", "owner", "FR-401-030"),
			row: proof.Row{Result: proof.Proven, DurationMS: 1800, Steps: steps("visit: /admin/workspaces/contoso/environments/prod/provider-connections/3", "action: Verify", "see: Ready")}, ran: true},
		{plan: plan("provider-credentials-redacted", "Credentials never show in the default view", "provider", "redaction", "readonly", "FR-401-030")},
		{plan: plan("system-denied-admin", "A workspace admin cannot reach /system", "system-denied", "system-denied", "owner", "FR-402-020"),
			row: proof.Row{Result: proof.Proven, DurationMS: 700, Steps: steps("visit: {path: /system, status: 404}")}, ran: true},
		{plan: plan("action-context-first-click", "Inventory sync opens its modal on the first click", "action-context", "first-click", "owner", "FR-363-001"),
			tags: []string{"smoke"},
			row:  proof.Row{Result: proof.Proven, DurationMS: 1500, Steps: steps("visit: /admin/workspaces/contoso/environments/prod", "click: Sync inventory", "modal: {heading: Sync inventory}")}, ran: true},
		{plan: plan("action-context-missing-context", "Missing context is not a permission denial", "action-context", "missing-context", "owner", "FR-363-009"),
			row: proof.Row{Result: proof.Skipped, Reason: "needs an environment without context", DurationMS: 100, Steps: skipped}, ran: true},
	}
	for _, c := range []struct {
		actor, name, path, state string
		expected, observed       int
	}{
		{"owner", "backup set list", "/backup-sets", "allowed", 200, 200},
		{"owner", "backup set detail", "/backup-sets/4", "allowed", 200, 200},
		{"outsider", "backup set list", "/backup-sets", "cross-workspace", 404, 404},
		{"outsider", "backup set detail", "/backup-sets/4", "cross-workspace", 404, 200},
		{"outsider", "backup set items", "/backup-sets/4/items", "cross-workspace", 404, 200},
	} {
		id := "authz-backup-sets/" + c.actor + "/" + rundir.SafeName(c.name)
		o := outcome{plan: plan(id, "backup sets: "+c.name+" as "+c.actor, "cross-workspace", c.state, c.actor, "FR-402-020"), ran: true,
			row: proof.Row{Result: proof.Proven, DurationMS: 400, Matrix: &proof.MatrixCell{Matrix: "authz-backup-sets", Case: c.name, Actor: c.actor, Expected: c.expected, Observed: c.observed},
				Steps: steps(fmt.Sprintf("visit: {path: /admin/workspaces/contoso/environments/prod%s, status: %d}", c.path, c.expected))}}
		o.plan.File, o.plan.Line = "scenarios/cross-workspace/authz-backup-sets.yaml", 7
		if c.expected != c.observed {
			o.row.Result, o.row.FailingStep = proof.Failed, "1 visit: "+c.path
			o.row.Reason = fmt.Sprintf("expected status %d, got %d", c.expected, c.observed)
			o.row.Steps[0].Status, o.row.Steps[0].Error = "failed", o.row.Reason
		}
		out = append(out, o)
	}
	return out
}

func withDeferred(p proof.PlannedScenario, why string) proof.PlannedScenario {
	p.Deferred = why
	return p
}

// tinyPNG is a 16x10 image standing in for a screenshot.
func tinyPNG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 16, 10))
	for x := range 16 {
		for y := range 10 {
			img.Set(x, y, color.RGBA{uint8(x * 16), 90, uint8(y * 25), 255})
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, img) // cannot fail on an in-memory RGBA image
	return buf.Bytes()
}

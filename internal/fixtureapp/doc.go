// Package fixtureapp is proofrun's embedded target: a TenantPilot-shaped
// staging instance (Filament 5 / Livewire 4 look-alike) served by net/http
// and html/template with every asset embedded. Data comes from
// fixtures/fixture-app.yaml (embedded copy: fixture-app.yaml); state is in
// memory and resets at start and on POST /__fixture/reset. Faults (FaultNames)
// switch on single named defects so tests can prove the runner catches them.
//
// # Map for scenario authors
//
// ENV below is {{ env.contoso_prod.path }} = /admin/workspaces/contoso/environments/contoso-prod
// (also env.contoso_dev, env.contoso_lab = missing context, env.fabrikam_prod).
// Record paths are in the fixtures file ({{ backup_sets.contoso_weekly.path }} ...).
//
// Sign-in: /admin/login, /system/login. Labels "Email address", "Password"
// (ids form.email / form.password, wire:model data.email / data.password,
// no name attributes), button "Sign in". Success redirects to /admin (then
// to the workspace home: ENV for Contoso actors, fabrikam-prod for outsider)
// or /system. Errors: "These credentials do not match our records." and
// "Too many login attempts. Please try again in N seconds." (5 per minute per
// email, successful ones included). Anonymous: 302 to the panel's login.
// Signed in to the other panel only: 404. Top bar: "Sign out" button.
//
// Authorization: non-member, wrong workspace/environment, record of another
// environment, workspace user on /system, platform user on /admin: 404 (body
// "404 Not Found", no record names). Member without the capability: page 403
// for create/edit pages, 403 on mountAction/callMountedAction, button hidden
// or disabled as listed. Capabilities per role are in the fixtures' roles:
// owner all; manager all but restore.execute; operator view, backup.run,
// restore.execute, sync.run; readonly view; outsider = owner of Fabrikam;
// platform system.view + system.repair; platform-readonly system.view.
//
// Livewire: one component root per page ([wire:id][wire:snapshot]); update
// URI from script[data-update-uri] (/livewire-HASH/update); methods
// mountAction(name, args, context), callMountedAction, unmountAction, save,
// authenticate, nextWizardStep, previousWizardStep. Row actions use context
// {table: true, recordKey: 'ID'}. Update statuses: 200; 400 bad JSON or
// tampered snapshot (CorruptComponentPayloadException); 419 CSRF mismatch or
// no session (client: confirm("This page has expired.\nWould you like to
// refresh the page?")); 403 capability; 404 scope, unknown action or method;
// 500 only under livewire-500. A failed update opens dialog#livewire-error
// (debug, the default); without debug, as on Filament 4/5, its "Error while
// loading page" notification comes in a second update (200) to the
// notifications component (#notifications, pushNotification). Modals: .fi-modal.fi-modal-open[role=dialog] in
// [wire:partial=action-modals], heading .fi-modal-heading, footer
// .fi-modal-footer-actions with the submit button and "Cancel". A disabled
// action carries its reason in title and x-tooltip; mounting a state-disabled
// action (not a capability) answers 200, no modal, a danger notification
// whose title is the tooltip text. Notifications: .fi-no-notification
// (.fi-status-success|danger) > .fi-no-notification-title; after a redirect
// they show on the next page load. Tables: one tr.fi-ta-row per record.
//
// Pages (heading | actions: label -> modal heading / submit button):
//
//	ENV                          env name | header actions "Run inventory sync" -> "Run inventory sync"/"Run sync";
//	                             "Sync groups" -> "Sync groups"/"Sync"; "Create evidence snapshot" ->
//	                             "Create evidence snapshot"/"Create"; "Generate review pack" -> "Generate review pack"/"Generate".
//	                             Each creates one OperationRun (types Inventory sync, Group sync, Evidence snapshot,
//	                             Review pack; status Running) + audit entry on submit only; notification "<type> queued".
//	                             Without sync.run / evidence.manage: disabled, tooltip "You do not have permission to
//	                             perform this action.". On env.contoso_lab all four are disabled with tooltip
//	                             "Environment context unavailable" (alert of the same title; context badge "Not configured").
//	ENV/restore-runs             "Restore runs" | link "New restore"; columns Restore run, Backup set, Result, Status, Started
//	ENV/restore-runs/ID          "Restore #ID" | entries Result (Completed|Partial|Failed|Conflict|Running), Status
//	                             (Ready|Needs attention|Failed|Blocked|Running), Items restored "N of M"; alerts
//	                             "Partial result", "Restore failed", "Restore stopped on a conflict"; links "View operations",
//	                             "View audit log". restore_runs.completed/partial/failed/conflict = 1001..1004.
//	ENV/restore-runs/create      "New restore" wizard, steps "Backup set" (select "Backup set"), "Readiness checks",
//	                             "Preview", "Confirm restore"; buttons "Back", "Next". ?backup_set=ID&step=backup-set|
//	                             readiness-checks|preview|confirm-restore deep-links (restore_wizard.*.path/confirm_path).
//	                             Readiness table rows Backup set, Provider connection, Target scope mapping; blocked
//	                             (restore_wizard.blocked): mapping "Blocked", alert "Restore blocked", Next disabled
//	                             "Resolve the blocked readiness checks first.", later steps fall back to readiness.
//	                             Preview: "Preview status" Ready (fresh) | Needs attention (stale) | Expired (expired);
//	                             button "Regenerate preview" (no modal; makes it fresh; notification "Preview regenerated").
//	                             Confirm step: "Execute restore" -> "Execute restore"/"Restore", typed field "Type the
//	                             environment name to confirm" = env name (e.g. "Contoso Production"; wrong value: "The
//	                             confirmation does not match."). Disabled tooltips: "Preview is stale. Regenerate the
//	                             preview before executing.", "Preview expired. Regenerate the preview before executing.",
//	                             without restore.execute "You do not have permission to execute restores.". Submit:
//	                             OperationRun "Restore execution" + audit "Restore executed", redirect to the new run,
//	                             notification "Restore queued". Cancel creates nothing.
//	ENV/backup-schedules         "Backup schedules" | link "New backup schedule" (hidden without backup.manage);
//	                             columns Name, Frequency, Provider connection, Status; row actions "Run now" (hidden
//	                             without backup.run) -> "Run backup now"/"Run now", "Edit" (hidden without backup.manage).
//	                             Status Ready (daily), Not configured (missing_provider: Run now disabled "Provider
//	                             connection not configured."), Blocked (stale_provider: "Provider verification is stale.
//	                             Verify the provider connection first."). Submit: OperationRun "Backup run" + audit
//	                             "Backup run started" + a Running backup run; notification "Backup run queued".
//	ENV/backup-schedules/create, ENV/backup-schedules/ID/edit  "New backup schedule" | "Edit <name>"; fields Name,
//	                             Frequency, Provider connection; buttons "Create" | "Save changes", "Cancel"; 403 without
//	                             backup.manage; notification "Saved"; empty name: "The name field is required.".
//	ENV/backup-sets              "Backup sets" | columns Name, Status, Items, Created; with backup.manage, record
//	                             checkboxes and the bulk action "Archive selected" (dropdown "Bulk actions") ->
//	                             "Archive selected backup sets"/"Archive": archives the selectedTableRecords of this
//	                             environment only (other keys select nothing); hidden and 403 on invoke otherwise.
//	ENV/backup-sets/ID           set name | "Archive" -> "Archive backup set"/"Archive" (status becomes Historical,
//	                             notification "Backup set archived"); "Delete" -> "Delete backup set"/"Delete" (redirect to
//	                             the list, notification "Backup set deleted"); both hidden without backup.manage, audited,
//	                             no OperationRun. Entries Name, Status, Items, Created, Restore preview; table "Items".
//	ENV/backup-runs, ENV/backup-runs/ID  "Backup runs" | "Backup run #ID": Result Completed|Failed|Partial|Running, Status
//	                             Ready|Failed|Needs attention|Running, "Items captured" "N of M"; alerts "Partial result",
//	                             "Backup failed". backup_runs.completed/failed/partial = 5001..5003.
//	ENV/provider-connections     "Provider connections" | columns Name, Status, Last verified, Permissions ("N of M granted")
//	ENV/provider-connections/ID  name | "Verify connection" -> "Verify connection"/"Verify" (disabled "You do not have
//	                             permission to manage provider connections."; OperationRun "Provider verification";
//	                             notification "Verification queued"); "Edit" link and "Disable" -> "Disable connection"/
//	                             "Disable" (hidden without provider.manage; status becomes Not configured, reason
//	                             "Connection disabled."). Entries Status, Reason, Next action, Last verified, Permissions,
//	                             Client ID, Client secret (always "••••••••"); link "Required permissions".
//	                             providers.primary Ready; missing_permissions and partial_permissions Needs attention
//	                             ("Missing permissions: ...", "Partial permissions: ..."); stale Needs attention ("Stale
//	                             verification: last verified 45 days ago."); failed Failed ("Failed connection: ...");
//	                             unknown Unknown ("This connection has never been verified.").
//	ENV/provider-connections/ID/edit  "Edit <name>" | fields Display name, Client ID, Client secret (always empty,
//	                             "Leave blank to keep the current secret."); "Save changes"; 403 without provider.manage.
//	ENV/provider-connections/ID/required-permissions  "Required permissions" | entries Status, Reason, Next action;
//	                             table Permission, Type, Status (Ready|Needs attention), Detail (Granted|Missing).
//	ENV/operations, ENV/operations/ID  "Operations" (newest first; columns Run "#ID", Type, Status, Started by, Started)
//	                             | "Operation run #ID": Type, Status, Environment, Started by, Started, Summary, Related record.
//	ENV/audit-log                "Audit log" | link "Export CSV" (ENV/audit-log/export.csv: a text/csv download of the
//	                             same table, authorized like the page); columns Time, Actor, Action, Target (newest first). Actions written:
//	                             Restore executed, Backup run started, <type> started, Provider connection verification
//	                             started, Provider connection disabled, Provider connection updated, Backup set archived,
//	                             Backup set deleted, Backup schedule saved (and "Restore cancelled" only under cancel-side-effect).
//	/admin/workspaces/WS         workspace name | table "Managed environments".
//	/admin/search?q=TEXT         "Search results" | table Result, Type; empty: "No search results found.". Top bar:
//	                             input labelled "Search" (#globalSearch) shows .fi-global-search-result items live;
//	                             only the actor's own workspace is searched (environments, backup sets, restore runs,
//	                             backup schedules, provider connections).
//	/system                      "System" | links to the pages below.
//	/system/directory/workspaces "Workspaces" | columns Workspace, Slug, Environments, Members, Owner
//	/system/ops/runs             "Operation runs" | every OperationRun of every workspace
//	/system/security/access-logs "Access logs" | columns Time, Email, Panel, Result (Signed in|Failed|Rate limited)
//	/system/repair-workspace-owners  "Repair workspace owners" | "Repair workspace owners" -> "Repair workspace
//	                             owners"/"Repair" (OperationRun "Workspace owner repair", notification "Repair queued");
//	                             platform-readonly: disabled "Requires the platform repair capability.", 403 on invoke.
//
// Faults: console-error (every admin page except login logs console.error
// 'Fixture fault console-error: <img src=x onerror="window.__xss=1">');
// js-exception (every admin page except login throws "Fixture fault
// js-exception: ..."); http-500 (every restore run detail page answers 500);
// livewire-500 (mounting "Run now" answers 500); authz-hole-restore (readonly
// may Regenerate preview and Execute restore, button enabled, no 403);
// cross-workspace-leak (any signed-in admin user opens a backup set view page
// of another workspace; lists stay 404); system-panel-open (a workspace owner's
// admin session opens /system pages read-only); modal-mount-side-effect
// (mounting "Run inventory sync" creates an OperationRun); first-click-miss
// (the first mount of a spec 363 action per page load does nothing);
// cancel-side-effect (cancelling Execute restore writes audit "Restore
// cancelled"); stale-executes (stale and expired previews execute);
// partial-as-success (a partial backup run reads Completed/Ready);
// credential-leak (provider detail shows the client secret, backup run detail
// the provider's raw response with it); missing-confirmation
// (backup set Delete runs on mount, no modal); similar-row-names (backup
// schedules list decoy rows named like each schedule plus " 2" first, and
// the real rows show Run now, disabled, to actors who may not run it: only
// exact row matching sees it); secret-echo (/admin/profile reflects the
// signed-in user's password in text, a field, a link, the URL, a shadow
// root, a canvas, a console message and encoded forms).
//
// Control (loopback only): POST /__fixture/reset restores the records (not
// sessions or login counters); GET /__fixture/stats answers
// {"logins": {EMAIL: N}, "login_attempts": {EMAIL: N}}.
package fixtureapp

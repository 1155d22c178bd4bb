package fixtureapp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// updateRequest is Livewire's update payload.
type updateRequest struct {
	Token      string `json:"_token"`
	Components []struct {
		Snapshot string         `json:"snapshot"`
		Updates  map[string]any `json:"updates"`
		Calls    []updateCall   `json:"calls"`
	} `json:"components"`
}

// updateCall is one component method call of an update.
type updateCall struct {
	Path   string `json:"path"`
	Method string `json:"method"`
	Params []any  `json:"params"`
}

type componentResponse struct {
	Snapshot string         `json:"snapshot"`
	Effects  map[string]any `json:"effects"`
}

// mounted is one entry of the component's mountedActions.
type mounted struct {
	Name      string
	RecordKey string
	Bulk      bool
	Data      map[string]any
}

func (u *update) mountedActions() []any {
	l, _ := u.data["mountedActions"].([]any)
	return l
}

func (u *update) topMounted() *mounted {
	l := u.mountedActions()
	if len(l) == 0 {
		return nil
	}
	m, _ := l[len(l)-1].(map[string]any)
	if m == nil {
		return nil
	}
	ctx, _ := m["context"].(map[string]any)
	data, _ := m["data"].(map[string]any)
	out := &mounted{Name: fmt.Sprint(m["name"]), Data: data}
	if ctx != nil && ctx["recordKey"] != nil {
		out.RecordKey = fmt.Sprint(ctx["recordKey"])
	}
	out.Bulk = ctx != nil && ctx["bulk"] == true
	return out
}

func (u *update) popMounted() {
	if l := u.mountedActions(); len(l) > 0 {
		u.data["mountedActions"] = l[:len(l)-1]
	}
}

// selectedRecords is the table selection the client sent (Filament's
// selectedTableRecords), as record keys.
func (u *update) selectedRecords() []string {
	l, _ := u.data["selectedTableRecords"].([]any)
	keys := make([]string, 0, len(l))
	for _, k := range l {
		keys = append(keys, fmt.Sprint(k))
	}
	return keys
}

// findAction looks an action up among the page's header, row and bulk
// actions.
func findAction(p *page, name, recordKey string, bulk bool) *action {
	for _, list := range [][]*action{p.Actions, p.rows} {
		for _, a := range list {
			if a.Name == name && a.RecordKey == recordKey && a.Bulk == bulk && a.Href == "" {
				return a
			}
		}
	}
	return nil
}

// handleUpdate is the /livewire-HASH/update endpoint. Status codes: 400 bad
// JSON or a tampered snapshot (CorruptComponentPayloadException), 419 CSRF
// mismatch or expired session, 404 wrong panel/workspace/environment or
// unknown action/method, 403 missing capability, 500 livewire-500 fault.
func (a *App) handleUpdate(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "Method Not Allowed", http.StatusMethodNotAllowed)
		return
	}
	var req updateRequest
	dec := json.NewDecoder(r.Body)
	dec.UseNumber()
	if err := dec.Decode(&req); err != nil {
		a.errorPage(w, r, &httpErr{http.StatusBadRequest, "Bad Request"})
		return
	}
	var out []componentResponse
	for _, c := range req.Components {
		snap, err := a.decodeSnapshot(c.Snapshot)
		if err != nil {
			a.errorPage(w, r, &httpErr{http.StatusBadRequest, err.Error()})
			return
		}
		panel := panelOf(snap.Memo.Path)
		actor, se, _ := a.authenticate(r, panel)
		anonymous := snap.Memo.Name == loginComponent || snap.Memo.Name == notificationsComponent
		if anonymous {
			se = a.sessions.get(r, panel)
		}
		if se == nil || req.Token != se.csrf || (!anonymous && actor == nil) {
			a.errorPage(w, r, &httpErr{419, "Page Expired"})
			return
		}
		var resp *componentResponse
		if snap.Memo.Name == notificationsComponent {
			resp, err = a.runNotifications(snap, c.Calls)
		} else {
			resp, err = a.runComponent(w, se, actor, snap, c.Updates, c.Calls)
		}
		if err != nil {
			a.errorPage(w, r, err)
			return
		}
		out = append(out, *resp)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"components": out, "assets": []any{}})
}

// runComponent applies updates and calls to one component under the store
// lock and answers its new snapshot and effects.
func (a *App) runComponent(w http.ResponseWriter, se *session, actor *Actor, snap *snapshot, updates map[string]any, calls []updateCall) (*componentResponse, error) {
	a.store.mu.Lock()
	defer a.store.mu.Unlock()
	u := a.newUpdate(actor, se, snap.Data, nil)
	for k, v := range updates {
		setPath(u.data, k, v)
	}
	p, err := a.buildPage(u, snap.Memo.Path)
	if err != nil {
		return nil, err
	}
	for _, c := range calls {
		if err := a.call(u, p, c.Method, c.Params); err != nil {
			return nil, err
		}
	}
	if u.signIn != nil {
		a.sessions.end(w, se)
		se = a.sessions.start(w, panelOf(snap.Memo.Path), u.signIn.Key)
	}
	effects := map[string]any{}
	if len(u.notes) > 0 {
		if u.redirect != "" {
			a.sessions.pushFlash(se, u.notes...)
		} else {
			var d []any
			for _, n := range u.notes {
				d = append(d, map[string]any{"name": "notificationSent", "params": map[string]any{"notification": n}})
			}
			effects["dispatches"] = d
		}
	}
	if u.redirect != "" {
		effects["redirect"] = u.redirect
		return &componentResponse{Snapshot: a.encodeSnapshot(u.data, snap.Memo), Effects: effects}, nil
	}
	if u.dirty {
		// Rebuild from the changed state so the HTML shows it.
		fresh := a.newUpdate(actor, se, u.data, nil)
		fresh.errors = u.errors
		if p, err = a.buildPage(fresh, snap.Memo.Path); err != nil {
			return nil, err
		}
		html, err := a.renderComponent(fresh, p, snap.Memo)
		if err != nil {
			return nil, err
		}
		effects["html"] = html
		return &componentResponse{Snapshot: a.encodeSnapshot(fresh.data, snap.Memo), Effects: effects}, nil
	}
	modal, err := a.renderModal(u, p)
	if err != nil {
		return nil, err
	}
	effects["partials"] = map[string]string{"action-modals": modal}
	return &componentResponse{Snapshot: a.encodeSnapshot(u.data, snap.Memo), Effects: effects}, nil
}

// notificationsComponent is Filament's notifications Livewire component, on
// every page. Filament 4/5 with debug off show a failed update's "Error while
// loading page" through it: the failure's fail hook sends the notification,
// which reaches the page in a second update, answered 200.
const notificationsComponent = "filament.livewire.notifications"

// notificationsSnapshot is the notifications component's snapshot on a page.
func (a *App) notificationsSnapshot(path string) string {
	return a.encodeSnapshot(map[string]any{"isFilamentNotificationsComponent": true},
		memo{ID: "notifications", Name: notificationsComponent, Path: path, Method: "GET"})
}

// runNotifications answers the notifications component: pushNotification
// dispatches the notification back for the page to show.
func (a *App) runNotifications(snap *snapshot, calls []updateCall) (*componentResponse, error) {
	var d []any
	for _, c := range calls {
		if c.Method != "pushNotification" || len(c.Params) != 1 {
			return nil, &httpErr{http.StatusNotFound, "Unable to call component method. Public method [" + c.Method + "] not found on component"}
		}
		d = append(d, map[string]any{"name": "notificationSent", "params": map[string]any{"notification": c.Params[0]}})
	}
	return &componentResponse{Snapshot: a.encodeSnapshot(snap.Data, snap.Memo), Effects: map[string]any{"dispatches": d}}, nil
}

// call runs one component method.
func (a *App) call(u *update, p *page, method string, params []any) error {
	switch method {
	case "mountAction":
		return a.mountAction(u, p, params)
	case "callMountedAction":
		return a.callMountedAction(u, p)
	case "unmountAction":
		if m := u.topMounted(); m != nil && m.Name == "executeRestore" && u.fault("cancel-side-effect") {
			u.audit("Restore cancelled", u.env.Name)
		}
		u.popMounted()
		return nil
	case "nextWizardStep", "previousWizardStep":
		return wizardMove(u, p, method == "nextWizardStep")
	}
	for _, b := range p.Blocks {
		if b.Kind == "form" && b.Form.Method == method && p.save != nil {
			u.dirty = true
			return p.save(u)
		}
	}
	return &httpErr{http.StatusNotFound, "Unable to call component method. Public method [" + method + "] not found on component"}
}

func wizardMove(u *update, p *page, next bool) error {
	if p.Name != "restore-runs.create" {
		return &httpErr{http.StatusNotFound, "Unable to call component method."}
	}
	step := 0
	for i, s := range wizardSteps {
		if s == str(u.data, "wizardStep") {
			step = i
		}
	}
	switch {
	case next && step == 0 && str(u.data, "data.backup_set") == "":
		u.errors["data.backup_set"] = "The backup set field is required."
	case next && step < len(wizardSteps)-1:
		step++
	case !next && step > 0:
		step--
	}
	u.data["wizardStep"] = wizardSteps[step]
	u.dirty = true
	return nil
}

func (a *App) mountAction(u *update, p *page, params []any) error {
	if len(params) == 0 {
		return &httpErr{http.StatusNotFound, "Action not found"}
	}
	name := fmt.Sprint(params[0])
	recordKey, bulk := "", false
	if len(params) > 2 {
		if ctx, ok := params[2].(map[string]any); ok {
			if ctx["recordKey"] != nil {
				recordKey = fmt.Sprint(ctx["recordKey"])
			}
			bulk = ctx["bulk"] == true
		}
	}
	act := findAction(p, name, recordKey, bulk)
	switch {
	case act == nil:
		return &httpErr{http.StatusNotFound, "Action not found"}
	case act.Denied:
		return errForbidden
	case act.Blocked != "":
		u.notify("danger", act.Blocked, "")
		return nil
	case act.NoRecord && u.fault("first-click-miss") && u.data["primed"] != true:
		u.data["primed"] = true // the first click only "warms up" the lost context
		return nil
	case act.Name == "runNow" && u.fault("livewire-500"):
		return &httpErr{http.StatusInternalServerError, "Server Error"}
	}
	if act.Name == "inventorySync" && u.fault("modal-mount-side-effect") {
		u.startOperation("Inventory sync", "Inventory sync of "+u.env.Name+" queued.", "Inventory sync started", u.env.Name, "")
	}
	m := &mounted{Name: name, RecordKey: recordKey, Bulk: bulk, Data: map[string]any{}}
	if act.Modal == nil {
		u.dirty = true
		return act.Run(u, m)
	}
	ctx := map[string]any{}
	switch {
	case recordKey != "":
		ctx = map[string]any{"table": true, "recordKey": recordKey}
	case bulk:
		ctx = map[string]any{"table": true, "bulk": true}
	}
	u.data["mountedActions"] = append(u.mountedActions(), map[string]any{"name": name, "arguments": map[string]any{}, "context": ctx, "data": map[string]any{}})
	return nil
}

func (a *App) callMountedAction(u *update, p *page) error {
	m := u.topMounted()
	if m == nil {
		return nil
	}
	act := findAction(p, m.Name, m.RecordKey, m.Bulk)
	switch {
	case act == nil:
		u.popMounted()
		return &httpErr{http.StatusNotFound, "Action not found"}
	case act.Denied:
		return errForbidden
	case act.Blocked != "":
		u.popMounted()
		u.notify("danger", act.Blocked, "")
		u.dirty = true
		return nil
	}
	if v := act.Modal.ConfirmValue; v != "" && strings.TrimSpace(str(m.Data, "confirmation")) != v {
		u.errors[confirmField(len(u.mountedActions())-1)] = "The confirmation does not match."
		return nil
	}
	u.popMounted()
	u.dirty = true
	return act.Run(u, m)
}

func confirmField(i int) string { return "mountedActions." + strconv.Itoa(i) + ".data.confirmation" }

// renderModal renders the top mounted action's modal ("" when none).
func (a *App) renderModal(u *update, p *page) (string, error) {
	m := u.topMounted()
	if m == nil {
		return "", nil
	}
	act := findAction(p, m.Name, m.RecordKey, m.Bulk)
	if act == nil || act.Modal == nil {
		return "", nil
	}
	field := confirmField(len(u.mountedActions()) - 1)
	var buf bytes.Buffer
	err := a.tpl.ExecuteTemplate(&buf, "modal", map[string]any{
		"A": act, "M": act.Modal, "Field": field, "Value": str(m.Data, "confirmation"), "Error": u.errors[field],
	})
	return buf.String(), err
}

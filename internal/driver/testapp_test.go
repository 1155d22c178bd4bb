package driver_test

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
)

// testApp is a small Filament-shaped app served by the tests: a login form
// that logs in through a Livewire update, a dashboard, and a list page with
// header actions, table rows, a confirmation modal and failing updates. Its
// DOM follows DESIGN.md's facts about the target stack; testdata/livewire.js
// is its client.
type testApp struct {
	*httptest.Server
	mu       sync.Mutex
	sessions map[string]string // session cookie -> email
	logins   map[string]int    // successful logins per email
	rows     []string
}

const (
	updateURI     = "/livewire-9f3a/update"
	sessionCookie = "app_session"
	loginName     = "filament.pages.auth.login"
	runsName      = "app.filament.resources.runs.pages.list-runs"
)

var users = map[string]struct{ password, name string }{
	"owner@contoso.test":    {"owner-secret-pw", "Olivia Owner"},
	"readonly@contoso.test": {"readonly-secret-pw", "Rita Readonly"},
}

func newTestApp() *testApp {
	a := &testApp{sessions: map[string]string{}, logins: map[string]int{}, rows: []string{"Run 1", "Run 2", "Run 3"}}
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServer(http.Dir("testdata")))
	mux.HandleFunc("/status/", func(w http.ResponseWriter, r *http.Request) {
		code, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/status/"))
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(code)
		fmt.Fprintf(w, "<!doctype html><title>%d</title><h1>Status %d</h1>", code, code)
	})
	mux.HandleFunc("/admin/login", func(w http.ResponseWriter, r *http.Request) {
		a.page(w, "Sign in", loginName, nil, loginForm(""))
	})
	// A login whose landing page never answers: a slow target, not a refusal.
	mux.HandleFunc("/slow/login", func(w http.ResponseWriter, r *http.Request) {
		a.page(w, "Sign in", loginName, map[string]any{"landing": "/hang"}, loginForm(""))
	})
	// A page that answers only when the client gives up.
	mux.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	mux.HandleFunc("/admin", a.authed(func(w http.ResponseWriter, r *http.Request, email string) {
		a.page(w, "Dashboard", "app.filament.pages.dashboard", nil, "<h1>Welcome "+html.EscapeString(users[email].name)+"</h1>")
	}))
	mux.HandleFunc("/admin/runs", a.authed(func(w http.ResponseWriter, r *http.Request, email string) {
		a.page(w, "Runs", runsName, map[string]any{}, a.runs("", ""))
	}))
	mux.HandleFunc("/__expire", func(w http.ResponseWriter, r *http.Request) {
		a.ExpireSessions()
		a.page(w, "Expired", "app.expire", nil, "<p>sessions ended</p>")
	})
	mux.HandleFunc(updateURI, a.update)
	a.Server = httptest.NewServer(mux)
	return a
}

// Logins returns the successful logins per email.
func (a *testApp) Logins() map[string]int {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := map[string]int{}
	for k, v := range a.logins {
		out[k] = v
	}
	return out
}

// ExpireSessions ends every session, as a server restart or timeout would.
func (a *testApp) ExpireSessions() {
	a.mu.Lock()
	a.sessions = map[string]string{}
	a.mu.Unlock()
}

func (a *testApp) user(r *http.Request) string {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return ""
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.sessions[c.Value]
}

// authed redirects to the login page without a session, like Filament.
func (a *testApp) authed(h func(http.ResponseWriter, *http.Request, string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		email := a.user(r)
		if email == "" {
			http.Redirect(w, r, "/admin/login", http.StatusFound)
			return
		}
		h(w, r, email)
	}
}

func snapshot(name string, data map[string]any) string {
	b, _ := json.Marshal(map[string]any{"data": data, "memo": map[string]any{"id": "c1", "name": name}, "checksum": "x"})
	return string(b)
}

func (a *testApp) page(w http.ResponseWriter, title, component string, data map[string]any, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!doctype html>
<html><head><title>%s</title><style>.fi-modal-window{position:fixed;top:80px;left:80px;width:420px;background:#fff;border:1px solid #888;padding:16px}</style></head>
<body><main class="fi-main"><div wire:id="c1" wire:snapshot="%s">%s</div></main>
<script src="/livewire.js" data-update-uri="%s" data-csrf="test-token"></script></body></html>`,
		title, html.EscapeString(snapshot(component, data)), body, updateURI)
}

func loginForm(errorMessage string) string {
	if errorMessage != "" {
		errorMessage = `<p class="fi-fo-field-wrp-error-message" data-validation-error>` + errorMessage + `</p>`
	}
	return `<h1 class="fi-simple-header-heading">Sign in</h1>
<form wire:submit="authenticate">
<div class="fi-fo-field-wrp"><label for="form.email"><span>Email address<sup>*</sup></span></label><input id="form.email" type="email" wire:model="data.email"></div>
<div class="fi-fo-field-wrp"><label for="form.password"><span>Password<sup>*</sup></span></label><input id="form.password" type="password" wire:model="data.password"></div>
` + errorMessage + `<button type="submit" class="fi-btn">Sign in</button></form>`
}

// runs renders the list page's component: a sidebar link named like an
// action, header actions in each state, one Restore action per row, the
// modal of a mounted action, a note.
func (a *testApp) runs(mounted, note string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	var b strings.Builder
	b.WriteString(`<nav class="fi-sidebar-nav"><a href="/admin/runs">Archive</a></nav>
<div class="fi-header"><h1>Runs</h1><div class="fi-header-actions">
<button class="fi-btn" wire:click="mountAction('create')">New run</button>
<button class="fi-btn fi-disabled" disabled>Archive</button>
<button class="fi-btn" style="display:none">Purge</button>
<button class="fi-btn">Broken</button>
<button class="fi-btn" wire:click="crash">Crash</button>
<button class="fi-btn" wire:click="expire">Expire</button>
</div></div><table class="fi-ta"><tbody>`)
	for _, row := range a.rows {
		fmt.Fprintf(&b, `<tr class="fi-ta-row"><td>%s</td><td><button class="fi-link" wire:click="mountAction('restore', {'record': '%s'})">Restore</button></td></tr>`, row, row)
	}
	b.WriteString(`</tbody></table>`)
	if note != "" {
		fmt.Fprintf(&b, `<div class="fi-no-notification"><h3 class="fi-no-notification-title">%s</h3></div>`, note)
	}
	if mounted != "" {
		// Cancel comes first: confirm must find the submit button by role.
		fmt.Fprintf(&b, `<div class="fi-modal fi-modal-open" role="dialog" aria-modal="true"><div class="fi-modal-window">
<h2 class="fi-modal-heading">Restore %s?</h2><p>This replaces the current configuration.</p>
<div class="fi-modal-footer-actions"><button type="button" class="fi-btn" wire:click="unmountAction">Cancel</button><button type="submit" class="fi-btn" wire:click="callMountedAction">Yes, restore it</button></div>
</div></div>`, mounted)
	}
	return b.String()
}

type updateRequest struct {
	Token      string `json:"_token"`
	Components []struct {
		Snapshot string            `json:"snapshot"`
		Updates  map[string]string `json:"updates"`
		Calls    []struct {
			Method string `json:"method"`
			Params []any  `json:"params"`
		} `json:"calls"`
	} `json:"components"`
}

// update is the Livewire endpoint.
func (a *testApp) update(w http.ResponseWriter, r *http.Request) {
	var req updateRequest
	if _, ok := r.Header["X-Livewire"]; !ok || json.NewDecoder(r.Body).Decode(&req) != nil || len(req.Components) != 1 || len(req.Components[0].Calls) != 1 {
		http.Error(w, "bad update", http.StatusBadRequest)
		return
	}
	c := req.Components[0]
	var snap struct {
		Data map[string]any `json:"data"`
		Memo struct {
			Name string `json:"name"`
		} `json:"memo"`
	}
	_ = json.Unmarshal([]byte(c.Snapshot), &snap)
	call := c.Calls[0]
	respond := func(data map[string]any, effects map[string]any) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"components": []any{map[string]any{"snapshot": snapshot(snap.Memo.Name, data), "effects": effects}}})
	}
	switch {
	case snap.Memo.Name == loginName && call.Method == "authenticate":
		email, pw := c.Updates["data.email"], c.Updates["data.password"]
		u, ok := users[email]
		if !ok || u.password != pw {
			respond(nil, map[string]any{"html": loginForm("These credentials do not match our records.")})
			return
		}
		token := make([]byte, 16)
		_, _ = rand.Read(token)
		a.mu.Lock()
		a.sessions[hex.EncodeToString(token)] = email
		a.logins[email]++
		a.mu.Unlock()
		http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: hex.EncodeToString(token), Path: "/", HttpOnly: true})
		landing, _ := snap.Data["landing"].(string)
		if landing == "" {
			landing = "/admin"
		}
		respond(nil, map[string]any{"redirect": landing})
	case snap.Memo.Name != runsName:
		http.Error(w, "unknown component", http.StatusNotFound)
	case call.Method == "mountAction" && len(call.Params) > 0 && call.Params[0] == "forbidden":
		http.Error(w, "This action is unauthorized.", http.StatusForbidden)
	case call.Method == "mountAction" && len(call.Params) > 1:
		record, _ := call.Params[1].(map[string]any)["record"].(string)
		respond(map[string]any{"mounted": record}, map[string]any{"html": a.runs(record, "")})
	case call.Method == "callMountedAction":
		record, _ := snap.Data["mounted"].(string)
		if record == "" {
			http.Error(w, "no mounted action", http.StatusUnprocessableEntity)
			return
		}
		a.mu.Lock()
		a.rows = append(a.rows, fmt.Sprintf("Run %d", len(a.rows)+1))
		a.mu.Unlock()
		respond(map[string]any{}, map[string]any{"html": a.runs("", record+" restored")})
	case call.Method == "unmountAction":
		respond(map[string]any{}, map[string]any{"html": a.runs("", "")})
	case call.Method == "crash":
		http.Error(w, "<h1>Internal Server Error</h1><p>boom in component</p>", http.StatusInternalServerError)
	case call.Method == "expire":
		http.Error(w, "Page Expired", 419)
	default:
		http.Error(w, "unknown method", http.StatusNotFound)
	}
}

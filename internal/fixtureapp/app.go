package fixtureapp

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Options configure the app.
type Options struct {
	Fixtures string   // path of the fixtures YAML (fixtures/fixture-app.yaml); "" = the copy embedded in the binary
	Faults   []string // names from FaultNames; an unknown one is an error listing the valid names
	// NoDebug runs like production: a failed update shows Filament's red
	// "Error while loading page" notification instead of the #livewire-error dialog.
	NoDebug bool
}

// App is the fixture app; it implements http.Handler.
type App struct {
	faults   faults
	debug    bool
	store    *store
	sessions *sessions
	key      []byte // snapshot checksum key, per process
	hash     string // the /livewire-HASH/ prefix, per process
	tpl      *template.Template
	mux      *http.ServeMux
}

// New loads the fixtures and builds the app.
func New(opts Options) (*App, error) {
	fs, err := parseFaults(opts.Faults)
	if err != nil {
		return nil, err
	}
	st, err := newStore(opts.Fixtures)
	if err != nil {
		return nil, err
	}
	tpl, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	a := &App{faults: fs, debug: !opts.NoDebug, store: st, sessions: newSessions(),
		key: []byte(randomHex(32)), hash: randomHex(4), tpl: tpl, mux: http.NewServeMux()}
	a.routes()
	return a, nil
}

func (a *App) updateURI() string { return "/livewire-" + a.hash + "/update" }

func (a *App) routes() {
	m := a.mux
	m.HandleFunc("/livewire-"+a.hash+"/update", a.handleUpdate)
	m.HandleFunc("/livewire-"+a.hash+"/livewire.js", serveAsset("web/livewire.js", "text/javascript"))
	m.HandleFunc("/css/filament/app.css", serveAsset("web/app.css", "text/css"))
	m.HandleFunc("/favicon.ico", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	m.HandleFunc("/__fixture/reset", loopbackOnly(a.handleReset))
	m.HandleFunc("/__fixture/stats", loopbackOnly(a.handleStats))
	m.HandleFunc("/admin/login", a.handleLogin("admin"))
	m.HandleFunc("/system/login", a.handleLogin("system"))
	m.HandleFunc("/admin/logout", a.handleLogout("admin"))
	m.HandleFunc("/system/logout", a.handleLogout("system"))
	m.HandleFunc("/admin/search", a.handleSearch)
	m.HandleFunc("/admin/", a.handlePage)
	m.HandleFunc("/admin", a.handlePage)
	m.HandleFunc("/system/", a.handlePage)
	m.HandleFunc("/system", a.handlePage)
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			a.errorPage(w, r, errNotFound)
			return
		}
		http.Redirect(w, r, "/admin", http.StatusFound)
	})
}

func (a *App) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.mux.ServeHTTP(w, r) }

func panelOf(path string) string {
	if path == "/system" || strings.HasPrefix(path, "/system/") {
		return "system"
	}
	return "admin"
}

// authenticate returns the signed-in actor of panel. A request signed in
// only to the other panel gets notFound (404, never a login redirect): the
// panels do not know each other's users. system-panel-open lets a workspace
// owner's admin session through to /system as a read-only platform user.
func (a *App) authenticate(r *http.Request, panel string) (actor *Actor, se *session, notFound bool) {
	f := a.fixturesLocked()
	if se = a.sessions.get(r, panel); se != nil && se.actor != "" {
		if actor = f.Actors[se.actor]; actor != nil {
			return actor, se, false
		}
	}
	other := map[string]string{"admin": "system", "system": "admin"}[panel]
	ose := a.sessions.get(r, other)
	if ose == nil || ose.actor == "" || f.Actors[ose.actor] == nil {
		return nil, se, false
	}
	oa := f.Actors[ose.actor]
	if panel == "system" && a.faults["system-panel-open"] && oa.Role == "owner" {
		as := *oa
		as.Panel = "system"
		as.caps = map[string]bool{"system.view": true}
		return &as, ose, false
	}
	return nil, se, true
}

func (a *App) fixturesLocked() *Fixtures {
	a.store.mu.Lock()
	defer a.store.mu.Unlock()
	return a.store.f
}

func (a *App) newUpdate(actor *Actor, se *session, data map[string]any, q url.Values) *update {
	if data == nil {
		data = map[string]any{}
	}
	if q == nil {
		q = url.Values{}
	}
	return &update{app: a, actor: actor, sess: se, data: data, query: q, errors: map[string]string{}}
}

// buildPage resolves path for u: the login pages or an authorized page.
func (a *App) buildPage(u *update, path string) (*page, error) {
	switch path {
	case "/admin/login":
		return loginPage(u, "admin"), nil
	case "/system/login":
		return loginPage(u, "system"), nil
	case "/admin/search":
		if u.actor.Panel != "admin" {
			return nil, errNotFound
		}
		return searchPage(u), nil
	}
	return a.resolve(u, path)
}

// handlePage serves every panel page: anonymous -> the panel's login,
// signed in elsewhere -> 404, else the authorized page or its error.
func (a *App) handlePage(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		a.errorPage(w, r, &httpErr{http.StatusMethodNotAllowed, "Method Not Allowed"})
		return
	}
	panel := panelOf(r.URL.Path)
	actor, se, notFound := a.authenticate(r, panel)
	switch {
	case notFound:
		a.errorPage(w, r, errNotFound)
		return
	case actor == nil:
		http.Redirect(w, r, "/"+panel+"/login", http.StatusFound)
		return
	}
	if r.URL.Path == "/admin" || r.URL.Path == "/admin/" {
		http.Redirect(w, r, a.adminHome(actor), http.StatusFound)
		return
	}
	if r.URL.Path == profilePath {
		a.serveProfile(w, actor)
		return
	}
	if list, ok := strings.CutSuffix(r.URL.Path, "/"+exportTail); ok {
		a.serveExport(w, r, actor, se, list)
		return
	}
	a.renderPage(w, r, actor, se, r.URL.Path)
}

// adminHome is the dashboard of the actor's workspace home environment.
func (a *App) adminHome(actor *Actor) string {
	f := a.fixturesLocked()
	ws := f.Workspaces[actor.Workspace]
	return "/admin/workspaces/" + ws.Slug + "/environments/" + f.Envs[ws.Home].Slug
}

func (a *App) renderPage(w http.ResponseWriter, r *http.Request, actor *Actor, se *session, path string) {
	a.store.mu.Lock()
	u := a.newUpdate(actor, se, nil, r.URL.Query())
	p, err := a.buildPage(u, path)
	var html []byte
	if err == nil {
		html, err = a.renderFull(u, p, path)
	}
	a.store.mu.Unlock()
	if err != nil {
		a.errorPage(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(html)
}

func (a *App) handleLogin(panel string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if actor, _, _ := a.authenticate(r, panel); actor != nil && actor.Panel == panel {
			http.Redirect(w, r, "/"+panel, http.StatusFound)
			return
		}
		se := a.sessions.get(r, panel)
		if se == nil {
			se = a.sessions.start(w, panel, "")
		}
		a.renderPage(w, r, nil, se, "/"+panel+"/login")
	}
}

// handleLogout is the user menu's "Sign out" form (POST with _token).
func (a *App) handleLogout(panel string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		se := a.sessions.get(r, panel)
		if r.Method != http.MethodPost || se == nil || r.FormValue("_token") != se.csrf {
			a.errorPage(w, r, &httpErr{419, "Page Expired"})
			return
		}
		a.sessions.end(w, se)
		http.Redirect(w, r, "/"+panel+"/login", http.StatusFound)
	}
}

// handleSearch serves the top bar's global search: ?q=TEXT, as a page or,
// with &fragment=1, as the dropdown HTML the client script inserts.
func (a *App) handleSearch(w http.ResponseWriter, r *http.Request) {
	actor, se, notFound := a.authenticate(r, "admin")
	switch {
	case notFound:
		a.errorPage(w, r, errNotFound)
		return
	case actor == nil:
		http.Redirect(w, r, "/admin/login", http.StatusFound)
		return
	}
	if r.URL.Query().Get("fragment") == "" {
		a.renderPage(w, r, actor, se, "/admin/search")
		return
	}
	a.store.mu.Lock()
	results := globalSearch(a.store.f, actor, r.URL.Query().Get("q"))
	a.store.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := a.tpl.ExecuteTemplate(w, "search-results", results); err != nil {
		a.errorPage(w, r, err)
	}
}

func (a *App) handleReset(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "Method Not Allowed", http.StatusMethodNotAllowed)
		return
	}
	if err := a.store.reset(); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write([]byte(`{"reset":true}` + "\n"))
}

func (a *App) handleStats(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(a.sessions.snapshotStats())
}

// loopbackOnly refuses the fixture control endpoints to non-loopback peers.
func loopbackOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
			http.Error(w, "Forbidden", http.StatusForbidden)
			return
		}
		h(w, r)
	}
}

// errorPage answers err as Laravel's plain error page: status and message,
// never a record name.
func (a *App) errorPage(w http.ResponseWriter, r *http.Request, err error) {
	var he *httpErr
	if !errors.As(err, &he) {
		he = &httpErr{http.StatusInternalServerError, "Server Error"}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(he.code)
	if r.Method == http.MethodHead {
		return
	}
	_ = a.tpl.ExecuteTemplate(w, "error", map[string]any{"Code": he.code, "Message": he.msg})
}

// Server is a started fixture app.
type Server struct {
	App  *App
	url  string
	srv  *http.Server
	ln   net.Listener
	once sync.Once
	err  error
}

// Start builds the app and serves it on addr ("127.0.0.1:0" = a free port).
func Start(addr string, opts Options) (*Server, error) {
	app, err := New(opts)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("fixture app: listen %s: %w", addr, err)
	}
	s := &Server{App: app, url: "http://" + ln.Addr().String(), ln: ln,
		srv: &http.Server{Handler: app, ReadHeaderTimeout: 10 * time.Second}}
	go func() { _ = s.srv.Serve(ln) }() // returns http.ErrServerClosed on Close
	return s, nil
}

// URL is the base URL, "http://127.0.0.1:PORT".
func (s *Server) URL() string { return s.url }

// Close stops the server; a second call is a no-op.
func (s *Server) Close() error {
	s.once.Do(func() { s.err = s.srv.Close() })
	return s.err
}

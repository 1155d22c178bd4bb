package fixtureapp

import (
	"bytes"
	"embed"
	"errors"
	"html/template"
	"net/http"
)

//go:embed templates/*.html web/*
var assets embed.FS

func parseTemplates() (*template.Template, error) {
	return template.New("").Funcs(template.FuncMap{"dict": dict}).ParseFS(assets, "templates/*.html")
}

// dict builds a map for passing several values to a sub-template.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("dict: odd number of arguments")
	}
	m := map[string]any{}
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, errors.New("dict: keys must be strings")
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

func serveAsset(name, ctype string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, err := assets.ReadFile(name)
		if err != nil {
			http.Error(w, "Not Found", http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", ctype)
		_, _ = w.Write(b)
	}
}

// componentView is the data of the component root template.
type componentView struct {
	ID, Snapshot string
	P            *page
	Errors       map[string]string
	Modal        template.HTML
}

func (a *App) componentView(u *update, p *page, m memo) (*componentView, error) {
	modal, err := a.renderModal(u, p)
	if err != nil {
		return nil, err
	}
	return &componentView{ID: m.ID, Snapshot: a.encodeSnapshot(u.data, m), P: p, Errors: u.errors,
		Modal: template.HTML(modal)}, nil // modal is html/template output
}

// renderComponent renders the component root alone (effects.html).
func (a *App) renderComponent(u *update, p *page, m memo) (string, error) {
	cv, err := a.componentView(u, p, m)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	err = a.tpl.ExecuteTemplate(&buf, "component", cv)
	return buf.String(), err
}

// renderFull renders a whole page: layout, component, flash notifications,
// the Livewire script tag and the page-script faults.
func (a *App) renderFull(u *update, p *page, path string) ([]byte, error) {
	m := memo{ID: randomHex(10), Name: p.Name, Path: path, Method: "GET"}
	cv, err := a.componentView(u, p, m)
	if err != nil {
		return nil, err
	}
	panel := panelOf(path)
	v := map[string]any{
		"Comp": cv, "Panel": panel, "CSRF": u.sess.csrf, "Debug": a.debug,
		"ScriptSrc": "/livewire-" + a.hash + "/livewire.js", "UpdateURI": a.updateURI(),
		"Notes":         a.sessions.takeFlash(u.sess),
		"Notifications": a.notificationsSnapshot(path),
		"ConsoleError":  panel == "admin" && !p.Login && a.faults["console-error"],
		"JSException":   panel == "admin" && !p.Login && a.faults["js-exception"],
	}
	if u.actor != nil {
		v["ActorName"] = u.actor.Name
	}
	var buf bytes.Buffer
	err = a.tpl.ExecuteTemplate(&buf, "layout", v)
	return buf.Bytes(), err
}

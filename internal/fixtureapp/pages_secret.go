package fixtureapp

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
)

// profilePath is the signed-in admin user's profile page (Filament's
// "Edit profile"). Clean, it never shows the password. The secret-echo
// fault makes it reflect the actor's password every way a page can: text,
// a field's value, a link's query string and the page's own URL, an open
// shadow root, a canvas, a console message, and the password's URL, JSON,
// HTML, Go-quoted and base64 encodings as text.
const profilePath = "/admin/profile"

// serveProfile answers profilePath for the signed-in actor (handlePage
// authenticates).
func (a *App) serveProfile(w http.ResponseWriter, actor *Actor) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	body := `<p id="profile-password">Password: ••••••••</p><p>Your password is never shown.</p>`
	if a.faults["secret-echo"] {
		body = secretEcho(actor.Password)
	}
	fmt.Fprintf(w, `<!doctype html><html><head><meta charset="utf-8"><title>Profile</title><link rel="stylesheet" href="/css/filament/app.css"></head>
<body><main class="fi-main"><h1 class="fi-header-heading">Profile</h1><p>Signed in as %s (%s)</p>%s</main></body></html>`,
		html.EscapeString(actor.Name), html.EscapeString(actor.Email), body)
}

// secretEcho is the profile body that reflects pw.
func secretEcho(pw string) string {
	js, _ := json.Marshal(pw) // a string always encodes; HTML-safe inside <script>
	forms := []struct{ name, value string }{
		{"path", url.PathEscape(pw)}, {"query", url.QueryEscape(pw)}, {"json", string(js)},
		{"html", html.EscapeString(pw)}, {"go", strconv.Quote(pw)},
		{"base64", base64.StdEncoding.EncodeToString([]byte(pw))}, {"base64url", base64.URLEncoding.EncodeToString([]byte(pw))},
	}
	out := fmt.Sprintf(`<p id="profile-password">Password: %s</p>
<label for="profile-current">Current password</label> <input id="profile-current" type="text" value="%[1]s">
<p><a href="%s?pw=%s">Share this sign-in</a></p><ul id="profile-forms">`, html.EscapeString(pw), profilePath, url.QueryEscape(pw))
	for _, f := range forms {
		out += fmt.Sprintf("<li>%s: %s</li>", f.name, html.EscapeString(f.value))
	}
	return out + fmt.Sprintf(`</ul><div id="profile-shadow"></div><canvas id="profile-strength" width="320" height="40"></canvas>
<script>
const pw = %s;
document.getElementById('profile-shadow').attachShadow({mode: 'open'}).innerHTML = '<p>Stored as: </p>';
document.getElementById('profile-shadow').shadowRoot.firstChild.append(pw);
document.getElementById('profile-strength').getContext('2d').fillText('strength of ' + pw, 10, 20);
history.replaceState(null, '', '?echo=' + encodeURIComponent(pw));
console.error('weak password rejected: ' + encodeURIComponent(pw));
</script>`, js)
}

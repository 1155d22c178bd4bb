package e2e_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"github.com/onsi/gomega/gexec"

	"github.com/proofrun/proofrun/internal/redact"
)

// The hostile target's secrets: an actor password and a {{ secret.X }}
// value, with what every encoder escapes (quote, backslash, <, &, space,
// non-ASCII, +).
const (
	e2ePassword = `S3cr3t p@ss/w"o\rd<&>'é+`
	e2eToken    = `T0ken "x\y" <z>&ü`
)

// echoPage shows each secret in every form, as text (so page text, and
// the reasons that quote it, hold the forms themselves), in fields, a link,
// an open shadow root and the page's URL.
func echoPage(noisy bool) string {
	var b strings.Builder
	b.WriteString(`<!doctype html><html><head><meta charset="utf-8"><title>Echo</title></head><body><h1>Echo</h1><ul id="forms">`)
	for _, s := range []string{e2ePassword, e2eToken} {
		js, _ := json.Marshal(s)
		for _, f := range append(redact.Forms(s), fmt.Sprintf("%q", "quoted "+s), string(js)) {
			fmt.Fprintf(&b, "<li>%s</li>", html.EscapeString(f))
		}
		fmt.Fprintf(&b, `<li><input value="%s"></li><li><a href="/echo?pw=%s">link</a></li>`, html.EscapeString(s), url.QueryEscape(s))
	}
	pw, _ := json.Marshal(e2ePassword)
	fmt.Fprintf(&b, `</ul><div id="host"></div><script>
const pw = %s;
document.getElementById('host').attachShadow({mode: 'open'}).textContent = 'shadow ' + pw;
history.replaceState(null, '', '?pw=' + encodeURIComponent(pw));`, pw)
	if noisy {
		// Findings keep the URL and the message: both carry the password.
		b.WriteString(`
const utf8 = unescape(encodeURIComponent(pw));
console.error('login failed for ' + pw + ' / ' + encodeURIComponent(pw) + ' / ' + btoa('x' + utf8) + ' / ' + btoa('xy' + utf8));
fetch('/api?pw=' + encodeURIComponent(pw) + '&b64=' + btoa(utf8));`)
	}
	b.WriteString("</script></body></html>")
	return b.String()
}

var _ = Describe("secrets", func() {
	It("reach no file of the run directory and neither stdout nor stderr, in any form", func() {
		mux := http.NewServeMux()
		mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, echoPage(r.URL.Query().Has("noisy")))
		})
		mux.HandleFunc("/api", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "bad password "+r.URL.Query().Get("pw"), http.StatusInternalServerError)
		})
		s := httptest.NewServer(mux)
		DeferCleanup(s.Close)
		dir := workdir(map[string]string{
			"config.yaml": fmt.Sprintf(`target:
  base_url: %q
  fixtures: ""
actors:
  owner: { panel: admin, email: owner@contoso.test, password: '%s' }
run:
  workers: 1
  step_timeout: 10s
  scenario_timeout: 60s
`, s.URL, strings.ReplaceAll(e2ePassword, "'", "''")),
			// Its findings (console, HTTP 500) hold the password in their
			// messages and URLs.
			"scenarios/noisy.yaml": `id: echo-noisy
title: a page that echoes secrets into its console and requests
domain: provider
state: redaction
steps:
  - visit: /echo?noisy=1
  - see: Echo
`,
			// A passing see of the token, a screenshot, then a failing see_in
			// whose reason quotes (%q) the page text holding every form.
			"scenarios/quiet.yaml": `id: echo-quiet
title: a page that echoes secrets in its text
domain: provider
state: redaction
steps:
  - visit: /echo
  - see: "{{ secret.E2E_TOKEN }}"
  - screenshot: echo
  - see_in: { selector: "#forms", text: "never shown" }
`,
		})
		sess := proofrunEnv(dir, []string{"E2E_TOKEN=" + e2eToken}, "run", "--out", "out")
		Eventually(sess, 3*time.Minute).Should(gexec.Exit(1))

		outputs := map[string][]byte{"stdout": sess.Out.Contents(), "stderr": sess.Err.Contents()}
		Expect(filepath.WalkDir(filepath.Join(dir, "out"), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			outputs[p] = b
			return err
		})).To(Succeed())
		Expect(outputs).To(HaveKey(HaveSuffix("01-echo.png")))
		Expect(outputs).To(HaveKey(HaveSuffix("index.html")))
		Expect(outputs).To(HaveKey(HaveSuffix("junit.xml")))

		for name, b := range outputs {
			for _, secret := range []string{e2ePassword, e2eToken} {
				for _, f := range redact.Forms(secret) {
					Expect(string(b)).NotTo(ContainSubstring(f), "%s holds the form %s", name, strconv.Quote(f))
				}
			}
			if !strings.HasSuffix(name, ".png") {
				// Not even the start of one (a secret cut in two, a form
				// Forms does not list): the secrets' first words are unique.
				Expect(string(b)).NotTo(ContainSubstring("S3cr3t"), name)
				Expect(string(b)).NotTo(ContainSubstring("T0ken"), name)
				Expect(string(b)).NotTo(ContainSubstring(base64.StdEncoding.EncodeToString([]byte("S3cr3t"))), name)
			}
		}
		// The proofs failed where the page misbehaved, and say so.
		rows := string(outputs[filepath.Join(dir, "out", "proof.jsonl")])
		Expect(rows).To(ContainSubstring(redact.Mask))
		Expect(rows).To(ContainSubstring(`console`))
		Expect(rows).To(ContainSubstring(`(it holds`))
	})
})

package fixtureapp_test

import (
	"bytes"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"regexp"
	"strings"

	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/fixtureapp"
)

// Published test credentials (config.yaml uses the same).
var creds = map[string][2]string{
	"owner":             {"owner@contoso.test", "proof-owner-pw"},
	"manager":           {"manager@contoso.test", "proof-manager-pw"},
	"operator":          {"operator@contoso.test", "proof-operator-pw"},
	"readonly":          {"readonly@contoso.test", "proof-readonly-pw"},
	"outsider":          {"owner@fabrikam.test", "proof-outsider-pw"},
	"platform":          {"ops@platform.test", "proof-platform-pw"},
	"platform-readonly": {"readonly@platform.test", "proof-platform-readonly-pw"},
}

const (
	prod    = "/admin/workspaces/contoso/environments/contoso-prod"
	lab     = "/admin/workspaces/contoso/environments/contoso-lab"
	fabProd = "/admin/workspaces/fabrikam/environments/fabrikam-prod"
)

var (
	snapshotRe = regexp.MustCompile(`wire:snapshot="([^"]*)"`)
	csrfRe     = regexp.MustCompile(`data-csrf="([^"]*)"`)
	updateRe   = regexp.MustCompile(`data-update-uri="([^"]*)"`)
)

// client is one browser-less session against a started app.
type client struct {
	base string
	http *http.Client
}

func newClient(s *fixtureapp.Server) *client {
	jar, err := cookiejar.New(nil)
	Expect(err).NotTo(HaveOccurred())
	return &client{base: s.URL(), http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (c *client) do(method, path string, body io.Reader, hdr map[string]string) (int, string, http.Header) {
	req, err := http.NewRequest(method, c.base+path, body)
	Expect(err).NotTo(HaveOccurred())
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := c.http.Do(req)
	Expect(err).NotTo(HaveOccurred())
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	Expect(err).NotTo(HaveOccurred())
	return res.StatusCode, string(b), res.Header
}

func (c *client) get(path string) (int, string) {
	code, body, _ := c.do(http.MethodGet, path, nil, nil)
	return code, body
}

// pageState is what a Livewire client reads off a rendered page.
type pageState struct {
	snapshot, csrf, uri string
}

func (c *client) state(path string) pageState {
	code, body := c.get(path)
	ExpectWithOffset(2, code).To(Equal(http.StatusOK), "GET %s", path)
	return parseState(body)
}

func parseState(body string) pageState {
	s, t, u := snapshotRe.FindStringSubmatch(body), csrfRe.FindStringSubmatch(body), updateRe.FindStringSubmatch(body)
	ExpectWithOffset(3, s).NotTo(BeNil())
	ExpectWithOffset(3, t).NotTo(BeNil())
	ExpectWithOffset(3, u).NotTo(BeNil())
	return pageState{snapshot: html.UnescapeString(s[1]), csrf: t[1], uri: u[1]}
}

type call struct {
	Path   string `json:"path"`
	Method string `json:"method"`
	Params []any  `json:"params"`
}

func mount(name string, ctx ...map[string]any) call {
	params := []any{name, map[string]any{}}
	if len(ctx) > 0 {
		params = append(params, ctx[0])
	} else {
		params = append(params, map[string]any{})
	}
	return call{Method: "mountAction", Params: params}
}

var submit = call{Method: "callMountedAction", Params: []any{}}
var cancel = call{Method: "unmountAction", Params: []any{}}

type effects struct {
	HTML       string            `json:"html"`
	Partials   map[string]string `json:"partials"`
	Redirect   string            `json:"redirect"`
	Dispatches []struct {
		Params struct {
			Notification struct{ Title, Status string } `json:"notification"`
		} `json:"params"`
	} `json:"dispatches"`
}

type updateResult struct {
	code     int
	body     string
	snapshot string
	effects  effects
}

// send posts one component update the way the client script does.
func (c *client) send(st pageState, updates map[string]any, calls ...call) updateResult {
	if updates == nil {
		updates = map[string]any{}
	}
	payload, err := json.Marshal(map[string]any{"_token": st.csrf, "components": []any{
		map[string]any{"snapshot": st.snapshot, "updates": updates, "calls": calls}}})
	Expect(err).NotTo(HaveOccurred())
	code, body, _ := c.do(http.MethodPost, st.uri, bytes.NewReader(payload), map[string]string{"X-Livewire": "1", "Content-Type": "application/json"})
	r := updateResult{code: code, body: body}
	if code == http.StatusOK {
		var out struct {
			Components []struct {
				Snapshot string  `json:"snapshot"`
				Effects  effects `json:"effects"`
			} `json:"components"`
		}
		Expect(json.Unmarshal([]byte(body), &out)).To(Succeed())
		Expect(out.Components).To(HaveLen(1))
		r.snapshot, r.effects = out.Components[0].Snapshot, out.Components[0].Effects
	}
	return r
}

// invoke loads path and sends calls against its component.
func (c *client) invoke(path string, updates map[string]any, calls ...call) updateResult {
	return c.send(c.state(path), updates, calls...)
}

func (c *client) login(actor string) {
	panel := "admin"
	if strings.HasPrefix(actor, "platform") {
		panel = "system"
	}
	st := c.state("/" + panel + "/login")
	r := c.send(st, map[string]any{"data.email": creds[actor][0], "data.password": creds[actor][1]}, call{Method: "authenticate", Params: []any{}})
	ExpectWithOffset(1, r.code).To(Equal(http.StatusOK))
	ExpectWithOffset(1, r.effects.Redirect).To(Equal("/"+panel), "login of %s: %s", actor, r.body)
}

// rows counts table rows on a page.
func (c *client) rows(path string) int {
	code, body := c.get(path)
	ExpectWithOffset(1, code).To(Equal(http.StatusOK))
	return strings.Count(body, `class="fi-ta-row"`)
}

func (c *client) reset() {
	code, _, _ := c.do(http.MethodPost, "/__fixture/reset", nil, nil)
	ExpectWithOffset(1, code).To(Equal(http.StatusOK))
}

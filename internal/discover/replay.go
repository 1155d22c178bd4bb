package discover

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// maxBody bounds how much of a replayed page is read for identity checks.
const maxBody = 4 << 20

// fetcher requests a URL as one actor outside the browser: the actor's
// session cookies and the browser's user agent, redirects followed like a
// browser would.
type fetcher struct {
	client *http.Client
	agent  string
}

func newFetcher(base string, cookies []*http.Cookie, agent string, timeout time.Duration) (*fetcher, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(base)
	if err != nil {
		return nil, fmt.Errorf("target %s: %w", base, err)
	}
	jar.SetCookies(u, cookies)
	return &fetcher{client: &http.Client{Jar: jar, Timeout: timeout}, agent: agent}, nil
}

// fetch GETs base+u and returns the final status, where it ended and the
// page's visible text.
func (f *fetcher) fetch(ctx context.Context, base, u string) (status int, final, text string, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+u, nil)
	if err != nil {
		return 0, "", "", err
	}
	req.Header.Set("User-Agent", f.agent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	resp, err := f.client.Do(req)
	if err != nil {
		return 0, "", "", fmt.Errorf("target unreachable: GET %s: %w", u, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return 0, "", "", fmt.Errorf("GET %s: %w", u, err)
	}
	final, _ = normalise(base, resp.Request.URL.String(), "", nil)
	return resp.StatusCode, final, visibleText(string(body)), nil
}

var (
	invisible = regexp.MustCompile(`(?is)<(script|style|template)\b.*?</(script|style|template)>`)
	tags      = regexp.MustCompile(`(?s)<[^>]*>`)
)

// visibleText approximates what a browser shows of an HTML page: enough to
// tell whether a record's name appears on it.
func visibleText(doc string) string {
	doc = invisible.ReplaceAllString(doc, " ")
	doc = tags.ReplaceAllString(doc, " ")
	return strings.Join(strings.Fields(html.UnescapeString(doc)), " ")
}

// needsBrowser reports whether a replayed answer must be seen in a browser:
// anything served (its actions and screenshot are evidence) and any error
// page that names the record. A plain error page reads the same over HTTP.
func needsBrowser(p *Page) bool {
	return p.Status < 400 || p.Identity
}

// shows reports whether text contains the identity text of a page.
func shows(text, identity string) bool {
	return identity != "" && strings.Contains(text, identity)
}

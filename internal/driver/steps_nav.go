package driver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/go-rod/rod/lib/proto"

	"github.com/proofrun/proofrun/internal/monitor"
	"github.com/proofrun/proofrun/internal/scenario"
)

// requestBodyLimit bounds what a request step reads of a response.
const requestBodyLimit = 1 << 20

// visit navigates, waits for the load, renews an expired actor session once,
// and checks the document status (default 2xx).
func visit(ctx context.Context, r *run, a scenario.Args) error {
	target, err := r.target(a.Path)
	if err != nil {
		return err
	}
	if a.Status != 0 {
		r.tab.watch.Expect(target, a.Status)
	}
	var doc monitor.Document
	load := func(ctx context.Context) (string, error) {
		doc, err = r.navigate(ctx, target)
		return doc.URL, err
	}
	if err := r.keepSession(ctx, a.Path, target, load); err != nil {
		return err
	}
	r.observed = doc.Status
	return checkStatus("visit "+a.Path, doc.Status, a.Status)
}

// keepSession runs fetch (a visit or a request of target, returning where it
// ended) and, when it ended on the current actor's login page, renews the
// session once and runs it again. The renewal is a login with its own budget
// (run.login_timeout), and the second fetch gets a step's budget again: a
// slow login is not the step's time.
func (r *run) keepSession(ctx context.Context, path, target string, fetch func(context.Context) (string, error)) error {
	final, err := fetch(ctx)
	if err != nil || !r.sessionLost(final, target) {
		return err
	}
	if r.renewed {
		return fmt.Errorf("the session of actor %s expired again: %s redirected to %s", r.actor, path, final)
	}
	r.renewed = true
	if err := r.renewActor(r.ctx); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(r.ctx, r.b.opts.StepTimeout)
	defer cancel()
	if final, err = fetch(ctx); err != nil {
		return err
	}
	if r.sessionLost(final, target) {
		return fmt.Errorf("the session of actor %s was renewed, but %s still redirects to %s", r.actor, path, final)
	}
	return nil
}

func (r *run) navigate(ctx context.Context, target string) (monitor.Document, error) {
	defer r.wait()()
	return r.tab.navigate(ctx, target)
}

// request sends an HTTP request from Go with the context's cookies, outside
// the UI. Redirects are not followed: a redirect is an answer too.
func request(ctx context.Context, r *run, a scenario.Args) error {
	target, err := r.target(a.Path)
	if err != nil {
		return err
	}
	method := strings.ToUpper(a.Method)
	if method == "" {
		method = http.MethodGet
	}
	status := 0
	send := func(ctx context.Context) (string, error) {
		var final string
		status, final, err = r.send(ctx, method, target, a.Body)
		return final, err
	}
	if err := r.keepSession(ctx, a.Path, target, send); err != nil {
		return err
	}
	r.observed = status
	return checkStatus(method+" "+a.Path, status, a.Status)
}

// send sends one request with the context's cookies and returns its status
// and where it ended: the redirect's target, or target itself.
func (r *run) send(ctx context.Context, method, target, body string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, method, target, strings.NewReader(body))
	if err != nil {
		return 0, "", fmt.Errorf("request %s %s: %w", method, target, err)
	}
	cookies, err := r.tab.inc.Context(ctx).GetCookies()
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("User-Agent", r.b.userAgent)
	req.Header.Set("Accept", "text/html,application/json;q=0.9,*/*;q=0.8")
	if c := cookieHeader(cookies, req.URL); c != "" {
		req.Header.Set("Cookie", c)
	}
	if body != "" {
		req.Header.Set("Content-Type", bodyType(body))
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	stop := r.wait()
	resp, err := client.Do(req)
	stop()
	if err != nil {
		if ctx.Err() != nil {
			return 0, "", awaiting(ctx.Err(), "%s %s did not answer", method, pathOf(target))
		}
		return 0, "", infraf("target unreachable: %s %s: %v", method, target, unwrapURLError(err))
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, requestBodyLimit))
	_ = resp.Body.Close()
	final := target
	if loc, err := resp.Location(); err == nil {
		final = loc.String()
	}
	return resp.StatusCode, final, nil
}

// expectLocation checks the URL (substring or /regex/) and the title
// (substring), retried until the step timeout.
func expectLocation(ctx context.Context, r *run, a scenario.Args) error {
	match, err := matcher(a.URL)
	if err != nil {
		return err
	}
	return poll(ctx, func() (bool, error) {
		var loc struct{ Href, Title string }
		res, err := r.tab.p(ctx).Eval(`() => ({ href: location.href, title: document.title })`)
		if err != nil {
			return false, err
		}
		if err := res.Value.Unmarshal(&loc); err != nil {
			return false, err
		}
		if a.URL != "" && !match(loc.Href) {
			return false, fmt.Errorf("the URL is %s, expected %s", loc.Href, a.URL)
		}
		if a.Title != "" && !strings.Contains(loc.Title, a.Title) {
			return false, fmt.Errorf("the title is %q, expected %q", loc.Title, a.Title)
		}
		return true, nil
	})
}

// matcher reads an expect pattern: /regex/ or a substring.
func matcher(pattern string) (func(string) bool, error) {
	if len(pattern) >= 2 && strings.HasPrefix(pattern, "/") && strings.HasSuffix(pattern, "/") {
		re, err := regexp.Compile(pattern[1 : len(pattern)-1])
		if err != nil {
			return nil, fmt.Errorf("bad URL pattern %s: %w", pattern, err)
		}
		return re.MatchString, nil
	}
	return func(s string) bool { return strings.Contains(s, pattern) }, nil
}

// target resolves a step path against the base URL.
func (r *run) target(path string) (string, error) {
	if path == "" {
		return "", errors.New("no path")
	}
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		return path, nil
	}
	base, err := url.Parse(r.b.opts.BaseURL)
	if err != nil || base.Host == "" {
		return "", infraf("bad base URL %q", r.b.opts.BaseURL)
	}
	ref, err := url.Parse(path)
	if err != nil {
		return "", fmt.Errorf("bad path %q: %w", path, err)
	}
	if !strings.HasPrefix(ref.Path, "/") {
		ref.Path = "/" + ref.Path
	}
	ref.Path = strings.TrimSuffix(base.Path, "/") + ref.Path
	return base.ResolveReference(ref).String(), nil
}

// checkStatus compares a status with the expected one: exactly want, or 2xx
// when want is 0.
func checkStatus(what string, got, want int) error {
	switch {
	case want == 0 && (got < 200 || got > 299):
		return fmt.Errorf("%s answered %d, expected 2xx", what, got)
	case want != 0 && got != want:
		return fmt.Errorf("%s answered %d, expected %d", what, got, want)
	}
	return nil
}

// cookieHeader renders the cookies that apply to u.
func cookieHeader(cookies []*proto.NetworkCookie, u *url.URL) string {
	host := u.Hostname()
	var parts []string
	for _, c := range cookies {
		domain := strings.TrimPrefix(c.Domain, ".")
		if host != domain && !strings.HasSuffix(host, "."+domain) {
			continue
		}
		if !strings.HasPrefix(u.Path, c.Path) || c.Secure && u.Scheme != "https" {
			continue
		}
		if c.Expires > 0 && time.Unix(int64(c.Expires), 0).Before(time.Now()) {
			continue
		}
		parts = append(parts, c.Name+"="+c.Value)
	}
	return strings.Join(parts, "; ")
}

func bodyType(body string) string {
	if b := strings.TrimSpace(body); strings.HasPrefix(b, "{") || strings.HasPrefix(b, "[") {
		return "application/json"
	}
	return "application/x-www-form-urlencoded"
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

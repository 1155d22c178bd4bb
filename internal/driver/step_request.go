package driver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-rod/rod/lib/proto"

	"github.com/proofrun/proofrun/internal/scenario"
)

// RequestArgs are request's arguments.
type RequestArgs struct {
	Method string          `yaml:"method"` // default GET
	Path   string          `yaml:"path"`
	Status scenario.Status `yaml:"status"` // 0: any 2xx
	Body   string          `yaml:"body"`   // may be empty: a request without a body
}

func init() {
	register(scenario.Def{
		Kind: "request", Doc: "an HTTP request with the actor's session, outside the UI",
		Required:   []string{"path"},
		Enums:      map[string][]string{"method": {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}},
		MayBeEmpty: []string{"body"},
	}, traits{passive: true}, request)
}

// requestBodyLimit bounds what a request step reads of a response.
const requestBodyLimit = 1 << 20

// request sends an HTTP request from Go with the context's cookies, outside
// the UI. Redirects are not followed: a redirect is an answer too.
func request(ctx context.Context, r *run, a *RequestArgs) error {
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
	return checkStatus(method+" "+a.Path, status, int(a.Status))
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
	start := time.Now()
	stop := r.wait()
	resp, err := client.Do(req)
	var answer []byte
	if err == nil {
		// The status is the answer; a body cut short only shortens the record.
		answer, _ = io.ReadAll(io.LimitReader(resp.Body, requestBodyLimit))
		_ = resp.Body.Close()
	}
	stop()
	if err != nil {
		r.tab.watch.Sent(method, target, 0, time.Since(start), unwrapURLError(err).Error(), "")
		if ctx.Err() != nil {
			return 0, "", awaiting(ctx.Err(), "%s %s did not answer", method, pathOf(target))
		}
		return 0, "", infraf("target unreachable: %s %s: %v", method, target, unwrapURLError(err))
	}
	r.tab.watch.Sent(method, target, resp.StatusCode, time.Since(start), "", string(answer))
	final := target
	if loc, err := resp.Location(); err == nil {
		final = loc.String()
	}
	return resp.StatusCode, final, nil
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

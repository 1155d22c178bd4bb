package driver

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/go-rod/rod/lib/proto"

	"github.com/proofrun/proofrun/internal/config"
	"github.com/proofrun/proofrun/internal/scenario"
)

// loginVerdict is how long a login form may sit idle on the login page,
// with nothing in flight, before it counts as refused without a message.
const loginVerdict = 2 * time.Second

// loginSettleSlice bounds one look at whether the login page has settled,
// so the wait for a verdict keeps checking the URL and the form's message.
const loginSettleSlice = 500 * time.Millisecond

// loginURL is where an actor logs in.
func (b *Browser) loginURL(name string) (config.Actor, string, error) {
	actor, ok := b.opts.Actors[name]
	if !ok {
		return actor, "", infraf("unknown actor %q", name)
	}
	panel, ok := b.opts.Panels[actor.Panel]
	if !ok || panel.LoginPath == "" {
		return actor, "", infraf("actor %s: panel %q has no login path", name, actor.Panel)
	}
	return actor, strings.TrimSuffix(b.opts.BaseURL, "/") + panel.LoginPath, nil
}

// loginFresh logs an actor in through the form in a tab of its own and
// returns the session cookies.
func (b *Browser) loginFresh(name string) loginFunc { return b.loginInTab(name, nil) }

// loginFresh of a scenario keeps the login tab's screenshot when the login
// fails: the scenario's own tab is still blank then.
func (r *run) loginFresh(name string) loginFunc {
	return r.b.loginInTab(name, func(t *tab) { r.screenshot(t, "login-failure") })
}

// loginInTab is a login in a tab of its own; failed, when set, sees the tab
// of a failed login before it closes.
func (b *Browser) loginInTab(name string, failed func(*tab)) loginFunc {
	return func(ctx context.Context) ([]*proto.NetworkCookieParam, error) {
		t, err := b.openTab(ctx, scenario.Allow{})
		if err != nil {
			return nil, infraf("login of actor %s: %v", name, err)
		}
		defer t.close()
		cookies, err := b.loginForm(ctx, t, name)
		if err != nil && failed != nil {
			failed(t)
		}
		return cookies, err
	}
}

// loginPhase is the part of a login under way, for its error: what was
// awaited and what it failed to do in time.
type loginPhase struct{ what, late string }

// loginForm fills and submits the panel's login form in t within the login
// budget. A login that does not complete is an error (the proof could not be
// made) naming its phase: the login page, the credentials submit, the
// landing page; a refused one quotes what the page said.
func (b *Browser) loginForm(ctx context.Context, t *tab, name string) (_ []*proto.NetworkCookieParam, err error) {
	actor, loginURL, err := b.loginURL(name)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, b.opts.LoginTimeout)
	defer cancel()
	phase := loginPhase{"the login page " + pathOf(loginURL), "did not load"}
	defer func() {
		var infra *infraError
		switch {
		case err == nil || errors.As(err, &infra):
		case errors.Is(err, context.DeadlineExceeded):
			err = infraf("login of actor %s: %s %s within %s", name, phase.what, phase.late, b.opts.LoginTimeout)
		default:
			err = infraf("login of actor %s: %s: %v", name, phase.what, err)
		}
	}()
	fail := func(format string, args ...any) error {
		return infraf("login of actor %s at %s failed: %s", name, loginURL, fmt.Sprintf(format, args...))
	}
	doc, err := t.navigate(ctx, loginURL)
	if err != nil {
		return nil, err
	}
	if doc.Status >= 400 {
		return nil, fail("the login page answered %d", doc.Status)
	}
	if err := t.idle(ctx); err != nil {
		return nil, err
	}
	form := b.opts.Profile.Login
	for _, f := range []struct{ label, value string }{{form.EmailLabel, actor.Email}, {form.PasswordLabel, actor.Password}} {
		el, err := t.element(ctx, "field", f.label, "")
		if err != nil {
			return nil, err
		}
		if el == nil {
			return nil, fail("the page has no %q field", f.label)
		}
		if err := fill(ctx, el, f.value); err != nil {
			return nil, err
		}
	}
	btn, err := t.element(ctx, "clickable", form.Submit, form.SubmitSelector, "")
	if err != nil {
		return nil, err
	}
	if btn == nil {
		return nil, fail("the page has no %q button", form.Submit)
	}
	phase = loginPhase{"the credentials submit (" + form.Submit + ")", "was not answered"}
	if err := click(ctx, btn); err != nil {
		return nil, err
	}
	if err := signedIn(ctx, t, loginURL, &phase, fail); err != nil {
		return nil, err
	}
	if err := t.idle(ctx); err != nil {
		return nil, err
	}
	cookies, err := t.inc.Context(ctx).GetCookies()
	if err != nil {
		return nil, err
	}
	return sessionCookies(cookies), nil
}

// signedIn waits, after the submit, until the page leaves the login form
// (the phase becomes the landing page) or says why not. The page may take
// as long as the login budget while it is busy or settling; sitting settled
// on the form without a message for loginVerdict is a refusal.
func signedIn(ctx context.Context, t *tab, loginURL string, phase *loginPhase, fail func(string, ...any) error) error {
	quiet := time.Now()
	landing := func() {
		if nav := t.watch.Loading(); nav != "" && !samePath(nav, loginURL) {
			*phase = loginPhase{"the landing page " + pathOf(nav), "did not load"}
		}
	}
	// The budget can run out in the middle of a look, after the landing
	// page was asked for: then that is what was late.
	defer landing()
	return poll(ctx, func() (bool, error) {
		landing()
		href, err := t.url(ctx)
		if err != nil {
			return false, err // a navigation under way
		}
		if !samePath(href, loginURL) {
			*phase = loginPhase{"the landing page " + pathOf(href), "did not load"}
			return true, nil
		}
		var msg string
		if err := t.call(ctx, &msg, "errorMessage"); err != nil {
			return false, err
		}
		if msg != "" {
			return true, fail("%s", msg)
		}
		// The form counts as idle only once the page has settled on what the
		// submit caused (its update, a navigation starting): on a busy
		// machine that alone can outlast loginVerdict.
		settle, cancel := context.WithTimeout(ctx, loginSettleSlice)
		unsettled := t.watch.WaitIdle(settle)
		cancel()
		if unsettled != nil || t.watch.Busy() {
			quiet = time.Now()
			return false, nil
		}
		if time.Since(quiet) < loginVerdict {
			return false, nil
		}
		w := "the page stayed at the login form without a message"
		if f := t.watch.Findings(); len(f) > 0 {
			w += fmt.Sprintf(" (the page reported: %s %s)", f[0].Kind, f[0].Message)
		}
		return true, fail("%s", w)
	})
}

// sessionCookies converts cookies for setting them elsewhere; a session
// cookie must go without an expiry, or it would be set as expired.
func sessionCookies(cookies []*proto.NetworkCookie) []*proto.NetworkCookieParam {
	params := proto.CookiesToParams(cookies)
	for _, c := range params {
		if c.Expires <= 0 {
			c.Expires = 0
		}
	}
	return params
}

// samePath reports whether two URLs have the same path (the login page, with
// or without a trailing slash or query).
func samePath(a, b string) bool {
	ua, errA := url.Parse(a)
	ub, errB := url.Parse(b)
	if errA != nil || errB != nil {
		return false
	}
	return strings.TrimSuffix(ua.Path, "/") == strings.TrimSuffix(ub.Path, "/")
}

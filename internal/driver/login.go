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

// Filament's login form.
const (
	emailLabel    = "Email address"
	passwordLabel = "Password"
	signInButton  = "Sign in"
)

// loginVerdict bounds how long a login form may take, once Livewire is idle,
// to either leave the login page or show why not.
const loginVerdict = 2 * time.Second

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

// loginFresh logs an actor in through the form in a context of its own and
// returns the session cookies.
func (b *Browser) loginFresh(name string) loginFunc {
	return func(ctx context.Context) ([]*proto.NetworkCookieParam, error) {
		t, err := b.openTab(ctx, scenario.Allow{})
		if err != nil {
			return nil, infraf("login of actor %s: %v", name, err)
		}
		defer t.close()
		return b.loginForm(ctx, t, name)
	}
}

// loginForm fills and submits the panel's login form in t. A refused login
// is an error quoting what the page said.
func (b *Browser) loginForm(ctx context.Context, t *tab, name string) ([]*proto.NetworkCookieParam, error) {
	actor, loginURL, err := b.loginURL(name)
	if err != nil {
		return nil, err
	}
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
	for _, f := range []struct{ label, value string }{{emailLabel, actor.Email}, {passwordLabel, actor.Password}} {
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
	btn, err := t.element(ctx, "clickable", signInButton, "button, input[type=submit]", "")
	if err != nil {
		return nil, err
	}
	if btn == nil {
		return nil, fail("the page has no %q button", signInButton)
	}
	if err := click(ctx, btn); err != nil {
		return nil, err
	}
	if err := t.idle(ctx); err != nil {
		return nil, err
	}
	vctx, cancel := context.WithTimeout(ctx, loginVerdict)
	defer cancel()
	err = poll(vctx, func() (bool, error) {
		href, err := t.url(vctx)
		if err != nil {
			return false, err
		}
		if !samePath(href, loginURL) {
			return true, nil
		}
		var msg string
		if err := t.call(vctx, &msg, "errorMessage"); err != nil {
			return false, err
		}
		if msg != "" {
			return true, fail("%s", msg)
		}
		return false, errors.New("the page stayed at the login form without a message")
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if w := why(err); w != "" {
			if f := t.watch.Findings(); len(f) > 0 {
				w += fmt.Sprintf(" (the page reported: %s %s)", f[0].Kind, f[0].Message)
			}
			return nil, fail("%s", w)
		}
		return nil, err
	}
	cookies, err := t.inc.Context(ctx).GetCookies()
	if err != nil {
		return nil, err
	}
	return sessionCookies(cookies), nil
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

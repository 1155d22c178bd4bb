package driver

import (
	"context"

	"github.com/go-rod/rod/lib/proto"

	"github.com/proofrun/proofrun/internal/scenario"
)

// login logs an actor in explicitly through the form, in the scenario's own
// context; the session becomes the actor's for the rest of the run.
func login(ctx context.Context, r *run, a scenario.Args) error {
	if err := r.tab.inc.Context(ctx).SetCookies(nil); err != nil {
		return err
	}
	cookies, err := r.b.loginForm(ctx, r.tab, a.Name)
	if err != nil {
		return err
	}
	r.actor, r.gen = a.Name, r.b.opts.Sessions.store(a.Name, cookies)
	return nil
}

// switchActor gives the rest of the scenario another actor's session.
func switchActor(ctx context.Context, r *run, a scenario.Args) error {
	return r.useActor(ctx, a.Name)
}

// useActor puts the actor's session (logging it in once per run) into the
// scenario's context.
func (r *run) useActor(ctx context.Context, name string) error {
	if _, _, err := r.b.loginURL(name); err != nil {
		return err
	}
	cookies, gen, err := r.b.opts.Sessions.get(ctx, name, r.loginFresh(name))
	if err != nil {
		return err
	}
	return r.setSession(ctx, name, cookies, gen)
}

// renewActor logs the current actor in again after its session expired,
// unless another scenario already did.
func (r *run) renewActor(ctx context.Context) error {
	cookies, gen, err := r.b.opts.Sessions.renew(ctx, r.actor, r.gen, r.loginFresh(r.actor))
	if err != nil {
		return err
	}
	return r.setSession(ctx, r.actor, cookies, gen)
}

func (r *run) setSession(ctx context.Context, name string, cookies []*proto.NetworkCookieParam, gen int) error {
	inc := r.tab.inc.Context(ctx)
	if err := inc.SetCookies(nil); err != nil {
		return err
	}
	if len(cookies) > 0 {
		if err := inc.SetCookies(cookies); err != nil {
			return err
		}
	}
	r.actor, r.gen = name, gen
	return nil
}

// sessionLost reports whether a visit to target ended on the current actor's
// login page: its session expired.
func (r *run) sessionLost(final, target string) bool {
	if r.actor == "" {
		return false
	}
	_, loginURL, err := r.b.loginURL(r.actor)
	return err == nil && samePath(final, loginURL) && !samePath(target, loginURL)
}

package driver

import (
	"context"

	"github.com/go-rod/rod/lib/proto"

	"github.com/proofrun/proofrun/internal/scenario"
)

// ActorArgs are actor's arguments.
type ActorArgs struct {
	Name string `yaml:"name"` // a key of config actors
}

func init() {
	register(scenario.Def{
		Kind: "actor", Doc: "switch the session of the rest of the scenario to an actor",
		Shorthand: "name", Required: []string{"name"},
	}, traits{login: true}, switchActor)
}

// Check names a configured actor.
func (a *ActorArgs) Check(c *scenario.Check) { c.Actor("name", a.Name) }

// switchActor gives the rest of the scenario another actor's session.
func switchActor(ctx context.Context, r *run, a *ActorArgs) error {
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

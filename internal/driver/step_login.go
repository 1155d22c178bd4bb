package driver

import (
	"context"

	"github.com/proofrun/proofrun/internal/scenario"
)

// LoginArgs are login's arguments.
type LoginArgs struct {
	Name string `yaml:"name"` // a key of config actors
}

func init() {
	register(scenario.Def{
		Kind: "login", Doc: "log an actor in explicitly",
		Shorthand: "name", Required: []string{"name"},
	}, traits{settle: true, login: true}, login)
}

// Check names a configured actor.
func (a *LoginArgs) Check(c *scenario.Check) { c.Actor("name", a.Name) }

// login logs an actor in explicitly through the form, in the scenario's own
// context; the session becomes the actor's for the rest of the run.
func login(ctx context.Context, r *run, a *LoginArgs) error {
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

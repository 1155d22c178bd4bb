package driver

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/proofrun/proofrun/internal/monitor"
	"github.com/proofrun/proofrun/internal/scenario"
)

// VisitArgs are visit's arguments.
type VisitArgs struct {
	Path   string          `yaml:"path"`
	Status scenario.Status `yaml:"status"` // the document's; 0: any 2xx
}

func init() {
	register(scenario.Def{
		Kind: "visit", Doc: "navigate, wait for load and Livewire idle, check the document status (default 2xx)",
		Shorthand: "path", Required: []string{"path"},
	}, traits{settle: true}, visit)
}

// visit navigates, waits for the load, renews an expired actor session once,
// and checks the document status (default 2xx).
func visit(ctx context.Context, r *run, a *VisitArgs) error {
	target, err := r.target(a.Path)
	if err != nil {
		return err
	}
	if a.Status != 0 {
		r.tab.watch.Expect(target, int(a.Status))
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
	return checkStatus("visit "+a.Path, doc.Status, int(a.Status))
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

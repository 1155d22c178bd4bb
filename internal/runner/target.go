package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/proofrun/proofrun/internal/config"
	"github.com/proofrun/proofrun/internal/exitcode"
	"github.com/proofrun/proofrun/internal/fixtureapp"
)

// target is what a run points at: a configured base URL, or the embedded
// fixture app started for the run.
type target struct {
	url      string
	embedded bool
	server   *fixtureapp.Server
}

// checkFaults rejects --faults that name no fault, or that are set for a
// target other than the embedded fixture app: flag errors, reported before
// anything is loaded.
func checkFaults(cfg *config.Config) error {
	if len(cfg.Target.Faults) > 0 && cfg.Target.BaseURL != "" {
		return exitcode.Newf(exitcode.Invalid, "--faults works only with the embedded fixture app (target.base_url is %s)", cfg.Target.BaseURL)
	}
	if err := fixtureapp.CheckFaults(cfg.Target.Faults); err != nil {
		return exitcode.Newf(exitcode.Invalid, "target.faults: %v", err)
	}
	return nil
}

// newTarget starts the embedded fixture app when no base URL is set, and
// otherwise names the configured one (check tells whether it answers).
func newTarget(cfg *config.Config) (*target, error) {
	if cfg.Target.BaseURL == "" {
		// The faults are checked (checkFaults): what fails here is the
		// machine, not the input.
		srv, err := fixtureapp.Start("127.0.0.1:0", fixtureapp.Options{Faults: cfg.Target.Faults})
		if err != nil {
			return nil, exitcode.With(exitcode.Infra, err)
		}
		return &target{url: srv.URL(), embedded: true, server: srv}, nil
	}
	return &target{url: cfg.Target.BaseURL}, nil
}

// startTarget is newTarget and its check at once, for a command that has
// no rows to write when the target does not answer (discover).
func startTarget(cfg *config.Config, stderr io.Writer) (*target, error) {
	t, err := newTarget(cfg)
	if err != nil {
		return nil, err
	}
	if err := t.check(context.Background()); err != nil {
		t.close(stderr)
		return nil, exitcode.With(exitcode.Infra, err)
	}
	return t, nil
}

// checkWait bounds the first request to a configured target.
const checkWait = 10 * time.Second

// check asks a configured target for its root once, so an unreachable target
// is one clear error instead of a timeout per scenario.
func (t *target) check(ctx context.Context) error {
	if t.embedded {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, checkWait)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, t.url+"/", nil)
	if err != nil {
		return fmt.Errorf("target %s: %w", t.url, err)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("target %s is unreachable: %v (check target.base_url / --base-url)", t.url, rootCause(err))
	}
	return resp.Body.Close()
}

// close stops the embedded fixture app; a failure is only worth a line on
// w, the run is over.
func (t *target) close(w io.Writer) {
	if t == nil || t.server == nil {
		return
	}
	if err := t.server.Close(); err != nil {
		fmt.Fprintln(w, "proofrun: fixture app:", err)
	}
}

// rootCause drops url.Error's repetition of the method and URL.
func rootCause(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// String is for messages.
func (t *target) String() string {
	if t.embedded {
		return fmt.Sprintf("%s (embedded fixture app)", t.url)
	}
	return t.url
}

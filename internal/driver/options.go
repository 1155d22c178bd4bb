package driver

import (
	"time"

	"github.com/proofrun/proofrun/internal/config"
	"github.com/proofrun/proofrun/internal/profile"
	"github.com/proofrun/proofrun/internal/redact"
	"github.com/proofrun/proofrun/internal/scenario"
)

// Options configure a Browser.
type Options struct {
	Browser         config.Browser          // Bin, RemoteURL, Width, Height, UserAgent
	BaseURL         string                  // the target; step paths are relative to it
	Panels          map[string]config.Panel // where actors log in
	Actors          map[string]config.Actor // passwords resolved
	StepTimeout     time.Duration           // 0: 10s
	LoginTimeout    time.Duration           // a whole login; 0: 30s
	ScenarioTimeout time.Duration           // 0: 2m
	SettleTimers    time.Duration           // page timers due within it are part of the step that set them; 0: 500ms
	Allow           scenario.Allow          // config-wide allow-lists
	Redactor        *redact.Redactor        // nil: a new one
	Sessions        *Sessions               // shared across workers and relaunches; nil: a new one
	Profile         *profile.Profile        // the target's panel kit; nil: profile.Default
	Trace           string                  // run.trace: TraceOff, TraceOnFailure (""), TraceOn
}

// Defaults for the zero values of Options.
const (
	defaultStepTimeout     = 10 * time.Second
	defaultLoginTimeout    = 30 * time.Second
	defaultScenarioTimeout = 2 * time.Minute
	defaultSettleTimers    = 500 * time.Millisecond
	defaultWidth           = 1280
	defaultHeight          = 800
)

// withDefaults fills the zero values and registers the actors' passwords as
// secrets.
func (o Options) withDefaults() Options {
	if o.StepTimeout <= 0 {
		o.StepTimeout = defaultStepTimeout
	}
	if o.LoginTimeout <= 0 {
		o.LoginTimeout = defaultLoginTimeout
	}
	if o.ScenarioTimeout <= 0 {
		o.ScenarioTimeout = defaultScenarioTimeout
	}
	if o.SettleTimers <= 0 {
		o.SettleTimers = defaultSettleTimers
	}
	if o.Browser.Width <= 0 || o.Browser.Height <= 0 {
		o.Browser.Width, o.Browser.Height = defaultWidth, defaultHeight
	}
	if o.Redactor == nil {
		o.Redactor = &redact.Redactor{}
	}
	if o.Sessions == nil {
		o.Sessions = NewSessions()
	}
	if o.Trace == "" {
		o.Trace = TraceOnFailure
	}
	if o.Profile == nil {
		o.Profile = profile.Default()
	}
	for _, a := range o.Actors {
		o.Redactor.Add(a.Password)
	}
	return o
}

// Package config reads config.yaml, PROOFRUN_* environment variables and
// command-line flags into one typed, validated Config.
package config

import (
	"time"

	"github.com/proofrun/proofrun/internal/scenario"
)

// Config is the whole configuration of a run, validated.
type Config struct {
	Target   Target           `mapstructure:"target"`
	Panels   map[string]Panel `mapstructure:"panels"`
	Actors   map[string]Actor `mapstructure:"actors"`
	Browser  Browser          `mapstructure:"browser"`
	Run      Run              `mapstructure:"run"`
	Monitors Monitors         `mapstructure:"monitors"`
	Discover Discover         `mapstructure:"discover"`
	// File is the config file read ("" when none).
	File string `mapstructure:"-"`
}

// Target is what the run points at.
type Target struct {
	BaseURL  string   `mapstructure:"base_url"` // "" starts the embedded fixture app
	Fixtures string   `mapstructure:"fixtures"` // YAML whose values scenarios use as {{ name.path }}
	Faults   []string `mapstructure:"faults"`   // embedded fixture app defects to switch on
	Profile  string   `mapstructure:"profile"`  // the panel kit: auto, or a profile.Names name
}

// Panel is a Filament panel: where its actors log in and land.
type Panel struct {
	LoginPath string `mapstructure:"login_path"`
	HomePath  string `mapstructure:"home_path"`
}

// Actor is a user the scenarios act as.
type Actor struct {
	Panel    string `mapstructure:"panel"`
	Email    string `mapstructure:"email"`
	Password string `mapstructure:"password"` // resolved: {{ secret.X }} already read from the environment
}

// Browser says which Chromium to drive.
type Browser struct {
	Bin       string `mapstructure:"bin"`
	RemoteURL string `mapstructure:"remote_url"`
	Viewport  string `mapstructure:"viewport"` // WIDTHxHEIGHT
	Width     int    `mapstructure:"-"`
	Height    int    `mapstructure:"-"`
	UserAgent string `mapstructure:"user_agent"` // "" uses Chromium's own, minus "Headless"
	PerWorker bool   `mapstructure:"per_worker"` // one browser per worker (default), or one shared
}

// Run holds the run's pace and limits.
type Run struct {
	Workers         int           `mapstructure:"workers"` // 0: the number of cores
	Retries         int           `mapstructure:"retries"`
	StepTimeout     time.Duration `mapstructure:"step_timeout"`
	LoginTimeout    time.Duration `mapstructure:"login_timeout"` // a whole login: page, submit, landing page
	ScenarioTimeout time.Duration `mapstructure:"scenario_timeout"`
	Timeout         time.Duration `mapstructure:"timeout"` // whole run; 0: none
	FailFast        bool          `mapstructure:"fail_fast"`
	FailOnFlaky     bool          `mapstructure:"fail_on_flaky"`
	Out             string        `mapstructure:"out"`
	// Page timers due within SettleTimers are part of the step that set
	// them: its settle wait waits for them (a debounce, a deferred update).
	SettleTimers time.Duration `mapstructure:"settle_timers"`
	// Trace says which scenarios keep a screenshot after every step and
	// their network and console record: off, on-failure or on.
	Trace string `mapstructure:"trace"`
}

// Monitors holds the allow-lists that apply to every scenario.
type Monitors struct {
	AllowConsole []string              `mapstructure:"allow_console"`
	AllowStatus  []scenario.StatusRule `mapstructure:"allow_status"`
}

// Discover bounds `proofrun discover`'s crawl of each actor's panel.
type Discover struct {
	Rules    string   `mapstructure:"rules"`     // the pack's authorization rules (discover.yaml)
	MaxPages int      `mapstructure:"max_pages"` // per actor
	MaxDepth int      `mapstructure:"max_depth"` // links followed from the home page
	Skip     []string `mapstructure:"skip"`      // regexes of URLs never requested (logout, exports, anything mutating)
}

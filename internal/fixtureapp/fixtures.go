package fixtureapp

import (
	_ "embed"
	"fmt"
	"os"
	"sort"

	"go.yaml.in/yaml/v4"
)

// embeddedFixtures is a byte-identical copy of fixtures/fixture-app.yaml
// (go:embed cannot reach ../../fixtures; a test fails on drift).
//
//go:embed fixture-app.yaml
var embeddedFixtures []byte

// Fixtures is the typed view of fixture-app.yaml. Keys of every map are the
// snake_case names scenarios use; the app addresses records by their ID.
type Fixtures struct {
	Roles           map[string][]string        `yaml:"roles"`
	Actors          map[string]*Actor          `yaml:"actors"`
	Workspaces      map[string]*Workspace      `yaml:"workspaces"`
	Envs            map[string]*Env            `yaml:"env"`
	BackupSets      map[string]*BackupSet      `yaml:"backup_sets"`
	RestoreRuns     map[string]*RestoreRun     `yaml:"restore_runs"`
	BackupSchedules map[string]*BackupSchedule `yaml:"backup_schedules"`
	BackupRuns      map[string]*BackupRun      `yaml:"backup_runs"`
	Providers       map[string]*Provider       `yaml:"providers"`
	Operations      map[string]*Operation      `yaml:"operations"`
	Audit           map[string]*AuditEntry     `yaml:"audit"`
}

// Actor is a user of one panel; admin actors belong to one workspace.
type Actor struct {
	Key       string `yaml:"-"`
	Name      string `yaml:"name"`
	Email     string `yaml:"email"`
	Password  string `yaml:"password"`
	Panel     string `yaml:"panel"`
	Workspace string `yaml:"workspace"`
	Role      string `yaml:"role"`
	caps      map[string]bool
}

// Can reports whether the actor's role grants capability c.
func (a *Actor) Can(c string) bool { return a.caps[c] }

// Workspace is a customer account.
type Workspace struct {
	Key  string `yaml:"-"`
	Slug string `yaml:"slug"`
	Name string `yaml:"name"`
	Home string `yaml:"home"` // env key of the panel home after sign-in
}

// Env is a managed environment; Context "missing" marks the spec 363 state
// where the environment's product context cannot be resolved.
type Env struct {
	Key       string `yaml:"-"`
	Slug      string `yaml:"slug"`
	Workspace string `yaml:"workspace"`
	Name      string `yaml:"name"`
	Context   string `yaml:"context"`
}

// Item is one captured policy of a backup set.
type Item struct {
	Name   string `yaml:"name"`
	Type   string `yaml:"type"`
	Status string `yaml:"status"`
}

// BackupSet is a captured backup basis; Preview is the freshness of its
// restore preview and Readiness "blocked" marks missing restore input.
type BackupSet struct {
	Key       string `yaml:"-"`
	ID        int    `yaml:"id"`
	Env       string `yaml:"env"`
	Name      string `yaml:"name"`
	Status    string `yaml:"status"`
	Preview   string `yaml:"preview"`
	Readiness string `yaml:"readiness"`
	Blocker   string `yaml:"blocker"`
	Created   string `yaml:"created"`
	Items     []Item `yaml:"items"`
}

// RestoreRun is a restore execution and its result.
type RestoreRun struct {
	Key           string `yaml:"-"`
	ID            int    `yaml:"id"`
	Env           string `yaml:"env"`
	Name          string `yaml:"name"`
	BackupSet     string `yaml:"backup_set"`
	Result        string `yaml:"result"`
	ItemsTotal    int    `yaml:"items_total"`
	ItemsRestored int    `yaml:"items_restored"`
	Detail        string `yaml:"detail"`
	Started       string `yaml:"started"`
	StartedBy     string `yaml:"started_by"`
}

// BackupSchedule runs backups; Provider names a providers key ("" = none).
type BackupSchedule struct {
	Key       string `yaml:"-"`
	ID        int    `yaml:"id"`
	Env       string `yaml:"env"`
	Name      string `yaml:"name"`
	Frequency string `yaml:"frequency"`
	Provider  string `yaml:"provider"`
}

// BackupRun is one capture; Result completed, failed, partial or running.
type BackupRun struct {
	Key           string `yaml:"-"`
	ID            int    `yaml:"id"`
	Env           string `yaml:"env"`
	Name          string `yaml:"name"`
	Schedule      string `yaml:"schedule"`
	Result        string `yaml:"result"`
	ItemsTotal    int    `yaml:"items_total"`
	ItemsCaptured int    `yaml:"items_captured"`
	Detail        string `yaml:"detail"`
	Started       string `yaml:"started"`
}

// Permission is one required provider permission.
type Permission struct {
	Name    string `yaml:"name"`
	Granted bool   `yaml:"granted"`
}

// Provider is a provider connection; ClientSecret never reaches a page
// unless the credential-leak fault is on.
type Provider struct {
	Key          string       `yaml:"-"`
	ID           int          `yaml:"id"`
	Env          string       `yaml:"env"`
	Name         string       `yaml:"name"`
	Status       string       `yaml:"status"`
	Verification string       `yaml:"verification"`
	Reason       string       `yaml:"reason"`
	NextAction   string       `yaml:"next_action"`
	LastVerified string       `yaml:"last_verified"`
	ClientID     string       `yaml:"client_id"`
	ClientSecret string       `yaml:"client_secret"`
	Permissions  []Permission `yaml:"permissions"`
	Disabled     bool         `yaml:"disabled"`
}

// Operation is an OperationRun.
type Operation struct {
	ID      int    `yaml:"id"`
	Env     string `yaml:"env"`
	Type    string `yaml:"type"`
	Status  string `yaml:"status"`
	Actor   string `yaml:"actor"`
	Summary string `yaml:"summary"`
	Started string `yaml:"started"`
	Link    string `yaml:"-"` // path of the record the run belongs to
}

// AuditEntry is one audit log line.
type AuditEntry struct {
	ID     int    `yaml:"id"`
	Env    string `yaml:"env"`
	Actor  string `yaml:"actor"`
	Action string `yaml:"action"`
	Target string `yaml:"target"`
	At     string `yaml:"at"`
}

// loadFixtures reads path ("" = the embedded copy) and checks references.
func loadFixtures(path string) (*Fixtures, error) {
	raw := embeddedFixtures
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("fixtures: %w", err)
		}
		raw = b
	}
	var f Fixtures
	if err := yaml.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("fixtures %s: %w", displayPath(path), err)
	}
	if err := f.link(); err != nil {
		return nil, fmt.Errorf("fixtures %s: %w", displayPath(path), err)
	}
	return &f, nil
}

func displayPath(p string) string {
	if p == "" {
		return "(embedded)"
	}
	return p
}

// link fills keys and capability sets and checks that every reference names
// an existing record, so a broken fixtures file fails at start, not mid-run.
func (f *Fixtures) link() error {
	for k, a := range f.Actors {
		a.Key = k
		caps, ok := f.Roles[a.Role]
		if !ok {
			return fmt.Errorf("actor %s: unknown role %q", k, a.Role)
		}
		a.caps = map[string]bool{}
		for _, c := range caps {
			a.caps[c] = true
		}
		if a.Panel == "admin" && f.Workspaces[a.Workspace] == nil {
			return fmt.Errorf("actor %s: unknown workspace %q", k, a.Workspace)
		}
	}
	for k, e := range f.Envs {
		e.Key = k
		if f.Workspaces[e.Workspace] == nil {
			return fmt.Errorf("env %s: unknown workspace %q", k, e.Workspace)
		}
	}
	for k, w := range f.Workspaces {
		w.Key = k
		if e := f.Envs[w.Home]; e == nil || e.Workspace != k {
			return fmt.Errorf("workspace %s: home %q is not one of its environments", k, w.Home)
		}
	}
	refs := map[string]func() error{}
	check := func(kind, key, env string) {
		refs[kind+" "+key] = func() error {
			if f.Envs[env] == nil {
				return fmt.Errorf("%s %s: unknown env %q", kind, key, env)
			}
			return nil
		}
	}
	for k, r := range f.BackupSets {
		r.Key = k
		check("backup set", k, r.Env)
	}
	for k, r := range f.RestoreRuns {
		r.Key = k
		check("restore run", k, r.Env)
		if f.BackupSets[r.BackupSet] == nil {
			return fmt.Errorf("restore run %s: unknown backup set %q", k, r.BackupSet)
		}
	}
	for k, r := range f.BackupSchedules {
		r.Key = k
		check("backup schedule", k, r.Env)
		if r.Provider != "" && f.Providers[r.Provider] == nil {
			return fmt.Errorf("backup schedule %s: unknown provider %q", k, r.Provider)
		}
	}
	for k, r := range f.BackupRuns {
		r.Key = k
		check("backup run", k, r.Env)
	}
	for k, r := range f.Providers {
		r.Key = k
		check("provider", k, r.Env)
	}
	for k, r := range f.Operations {
		check("operation", k, r.Env)
	}
	for k, r := range f.Audit {
		check("audit entry", k, r.Env)
	}
	keys := make([]string, 0, len(refs))
	for k := range refs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := refs[k](); err != nil {
			return err
		}
	}
	return nil
}

package config

import (
	"fmt"
	"net/url"
	"os"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/proofrun/proofrun/internal/profile"
	"github.com/proofrun/proofrun/internal/scenario"
	"github.com/proofrun/proofrun/internal/srcpos"
	"github.com/proofrun/proofrun/internal/suggest"
)

// resolve checks what the types cannot (references between keys, ranges,
// formats) and fills derived fields: viewport size, worker count, secrets.
// A problem is placed where its value came from (see origins.place).
func (c *Config) resolve(o *origins) srcpos.Errors {
	var errs srcpos.Errors
	bad := func(key, format string, a ...any) {
		errs = append(errs, &srcpos.Error{Pos: o.place(key), Key: key, Msg: fmt.Sprintf(format, a...)})
	}

	if c.Target.BaseURL != "" {
		u, err := url.Parse(c.Target.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("target.base_url", "%q is not an http(s) URL", c.Target.BaseURL)
		}
		c.Target.BaseURL = strings.TrimRight(c.Target.BaseURL, "/")
	}

	if !slices.Contains(profile.Settings(), c.Target.Profile) {
		bad("target.profile", "unknown profile %q%s", c.Target.Profile, suggest.Hint(c.Target.Profile, profile.Settings()))
	}

	w, h, ok := parseViewport(c.Browser.Viewport)
	if !ok {
		bad("browser.viewport", "%q is not WIDTHxHEIGHT (e.g. 1280x800)", c.Browser.Viewport)
	}
	c.Browser.Width, c.Browser.Height = w, h
	if c.Browser.RemoteURL != "" {
		if u, err := url.Parse(c.Browser.RemoteURL); err != nil || (u.Scheme != "ws" && u.Scheme != "wss" && u.Scheme != "http") {
			bad("browser.remote_url", "%q is not a ws:// DevTools URL", c.Browser.RemoteURL)
		}
	} else if c.Browser.Bin == "" {
		bad("browser.bin", "empty: name the Chromium binary or set browser.remote_url")
	}

	if c.Run.Workers < 0 {
		bad("run.workers", "must be 0 (one per core) or more, not %d", c.Run.Workers)
	}
	if c.Run.Workers == 0 {
		c.Run.Workers = runtime.NumCPU()
	}
	if c.Run.Retries < 0 {
		bad("run.retries", "must be 0 or more, not %d", c.Run.Retries)
	}
	if c.Run.StepTimeout <= 0 {
		bad("run.step_timeout", "must be positive")
	}
	if c.Run.LoginTimeout <= 0 {
		bad("run.login_timeout", "must be positive")
	}
	if c.Run.ScenarioTimeout <= 0 {
		bad("run.scenario_timeout", "must be positive")
	}
	if c.Run.SettleTimers <= 0 {
		bad("run.settle_timers", "must be positive")
	}
	switch c.Run.Trace {
	case "off", "on-failure", "on":
	default:
		bad("run.trace", "must be off, on-failure or on, not %q", c.Run.Trace)
	}
	if c.Run.Timeout < 0 {
		bad("run.timeout", "must be 0 (none) or positive")
	}
	if c.Discover.MaxPages <= 0 {
		bad("discover.max_pages", "must be positive, not %d", c.Discover.MaxPages)
	}
	if c.Discover.MaxDepth <= 0 {
		bad("discover.max_depth", "must be positive, not %d", c.Discover.MaxDepth)
	}
	for _, re := range c.Discover.Skip {
		if _, err := regexp.Compile(re); err != nil {
			bad("discover.skip", "%q is not a regular expression: %v", re, err)
		}
	}

	for _, name := range sortedKeys(c.Panels) {
		p := c.Panels[name]
		if !strings.HasPrefix(p.LoginPath, "/") {
			bad("panels."+name+".login_path", "must be a path starting with /")
		}
		if !strings.HasPrefix(p.HomePath, "/") {
			bad("panels."+name+".home_path", "must be a path starting with /")
		}
	}
	for _, name := range sortedKeys(c.Actors) {
		a := c.Actors[name]
		key := "actors." + name
		if _, ok := c.Panels[a.Panel]; !ok {
			bad(key+".panel", "unknown panel %q (panels: %s)", a.Panel, strings.Join(sortedKeys(c.Panels), ", "))
		}
		if a.Email == "" {
			bad(key+".email", "missing")
		}
		if a.Password == "" {
			bad(key+".password", "missing (write it as \"{{ secret.ENV_NAME }}\" to read it from the environment)")
			continue
		}
		pw, err := scenario.Expand(a.Password, secretLookup)
		if err != nil {
			bad(key+".password", "%v", err)
		}
		a.Password = pw
		c.Actors[name] = a
	}

	for i, re := range c.Monitors.AllowConsole {
		if _, err := regexp.Compile(re); err != nil {
			bad(fmt.Sprintf("monitors.allow_console[%d]", i), "bad regex %q: %v", re, err)
		}
	}
	for i, r := range c.Monitors.AllowStatus {
		if _, err := regexp.Compile(r.URL); err != nil {
			bad(fmt.Sprintf("monitors.allow_status[%d].url", i), "bad regex %q: %v", r.URL, err)
		}
		if r.Code != 0 && (r.Code < 100 || r.Code > 599) {
			bad(fmt.Sprintf("monitors.allow_status[%d].code", i), "%d is not an HTTP status", r.Code)
		}
	}
	return errs
}

// parentKey is the key that encloses key ("" at the top).
func parentKey(key string) string {
	i := strings.LastIndexAny(key, ".[")
	if i < 0 {
		return ""
	}
	return key[:i]
}

// secretLookup resolves {{ secret.NAME }} from the environment; any other
// variable is unknown in config.
func secretLookup(name string) (string, bool) {
	env, ok := strings.CutPrefix(name, scenario.SecretPrefix)
	if !ok {
		return "", false
	}
	v, set := os.LookupEnv(env)
	if !set {
		return "", false
	}
	return v, true
}

// Passwords lists every actor password, for the redactor.
func (c *Config) Passwords() []string {
	out := make([]string, 0, len(c.Actors))
	for _, name := range sortedKeys(c.Actors) {
		out = append(out, c.Actors[name].Password)
	}
	return out
}

func parseViewport(s string) (int, int, bool) {
	ws, hs, ok := strings.Cut(strings.ToLower(strings.TrimSpace(s)), "x")
	if !ok {
		return 0, 0, false
	}
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if err1 != nil || err2 != nil || w < 200 || h < 200 || w > 8000 || h > 8000 {
		return 0, 0, false
	}
	return w, h, true
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

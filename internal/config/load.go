package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"gopkg.in/yaml.v3"

	"github.com/proofrun/proofrun/internal/scenario"
)

// DefaultFile is read when no --config is given and it exists.
const DefaultFile = "config.yaml"

// FlagKeys maps the run flags that override config keys to those keys.
var FlagKeys = map[string]string{
	"base-url":      "target.base_url",
	"faults":        "target.faults",
	"workers":       "run.workers",
	"retries":       "run.retries",
	"timeout":       "run.timeout",
	"fail-fast":     "run.fail_fast",
	"fail-on-flaky": "run.fail_on_flaky",
	"out":           "run.out",
}

func defaults(v *viper.Viper) {
	v.SetDefault("target.base_url", "")
	v.SetDefault("target.fixtures", "fixtures/fixture-app.yaml")
	v.SetDefault("target.faults", []string{})
	v.SetDefault("panels.admin.login_path", "/admin/login")
	v.SetDefault("panels.admin.home_path", "/admin")
	v.SetDefault("panels.system.login_path", "/system/login")
	v.SetDefault("panels.system.home_path", "/system")
	v.SetDefault("browser.bin", "/usr/bin/chromium")
	v.SetDefault("browser.remote_url", "")
	v.SetDefault("browser.viewport", "1280x800")
	v.SetDefault("browser.user_agent", "")
	v.SetDefault("browser.per_worker", true)
	v.SetDefault("run.workers", 0)
	v.SetDefault("run.retries", 0)
	v.SetDefault("run.step_timeout", "10s")
	v.SetDefault("run.login_timeout", "30s")
	v.SetDefault("run.scenario_timeout", "2m")
	v.SetDefault("run.timeout", "0s")
	v.SetDefault("run.fail_fast", false)
	v.SetDefault("run.fail_on_flaky", false)
	v.SetDefault("run.out", "")
	v.SetDefault("monitors.allow_console", []string{})
	v.SetDefault("monitors.allow_status", []any{})
	v.SetDefault("discover.rules", "scenarios/_discover.yaml")
	v.SetDefault("discover.max_pages", 200)
	v.SetDefault("discover.max_depth", 6)
	v.SetDefault("discover.skip", []string{`/logout`, `/export`, `/download`})
}

// Load builds the Config from, in rising precedence: defaults, the config
// file, PROOFRUN_* environment variables and the flags set on the command
// line. file "" reads DefaultFile when it exists; a named file must exist.
// Every problem is reported, each naming its key (and file:line:col when it
// comes from the file).
func Load(file string, flags *pflag.FlagSet) (*Config, error) {
	v := viper.New()
	defaults(v)
	v.SetConfigType("yaml")
	v.SetEnvPrefix("PROOFRUN")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_", "-", "_"))
	v.AutomaticEnv()

	var errs Errors
	pos := map[string]position{}
	if file == "" {
		if _, err := os.Stat(DefaultFile); err == nil {
			file = DefaultFile
		}
	}
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, Errors{{Key: "config", Msg: fmt.Sprintf("cannot read %s: %v", file, unwrapPath(err))}}
		}
		var root yaml.Node
		if err := yaml.Unmarshal(data, &root); err != nil {
			line, col, msg := scenario.YAMLSyntax(data, err)
			return nil, Errors{{File: file, Line: line, Col: max(col, 1), Key: "config", Msg: msg}}
		}
		errs = append(errs, walkKeys(file, &root, reflect.TypeOf(Config{}), "", pos)...)
		if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
			return nil, Errors{{File: file, Key: "config", Msg: err.Error()}}
		}
	}
	if flags != nil {
		for name, key := range FlagKeys {
			if f := flags.Lookup(name); f != nil && f.Changed {
				_ = v.BindPFlag(key, f)
			}
		}
	}
	// Map entries (actors, panels) are only known to viper once read; bind
	// their leaves so PROOFRUN_ACTORS_OWNER_PASSWORD overrides the file.
	for _, key := range v.AllKeys() {
		_ = v.BindEnv(key)
	}

	if len(errs) > 0 { // unknown keys or misshapen sections: the rest would only echo them
		return nil, errs.sorted()
	}
	leafErrs := checkLeaves(v, reflect.TypeOf(Config{}), "", file, pos)
	// A bad value falls back to its default so the checks that follow still
	// run: every problem is reported at once, each only once.
	for _, e := range leafErrs {
		v.Set(e.Key, defaultOf(e.Key))
	}
	errs = append(errs, leafErrs...)
	cfg := &Config{File: file}
	if err := v.Unmarshal(cfg); err != nil {
		return nil, append(errs, &Error{File: file, Key: "config", Msg: err.Error()}).sorted()
	}
	for _, e := range cfg.resolve(file, pos) {
		if !errs.has(e.Key) {
			errs = append(errs, e)
		}
	}
	if len(errs) > 0 {
		return nil, errs.sorted()
	}
	return cfg, nil
}

// defaultOf is the default value of key, nil when it has none.
func defaultOf(key string) any {
	d := viper.New()
	defaults(d)
	return d.Get(key)
}

// position is where a key stands in the config file.
type position struct{ line, col int }

// walkKeys reports keys of the YAML tree that Config has no field for, and
// records where each known key stands.
func walkKeys(file string, n *yaml.Node, t reflect.Type, prefix string, pos map[string]position) Errors {
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		return walkKeys(file, n.Content[0], t, prefix, pos)
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var errs Errors
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			if n.Tag == "!!null" {
				return nil
			}
			return Errors{{File: file, Line: n.Line, Col: n.Column, Key: keyOr(prefix), Msg: "must be a map of settings"}}
		}
		fields := structFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			key := join(prefix, k.Value)
			ft, ok := fields[k.Value]
			if !ok {
				errs = append(errs, &Error{File: file, Line: k.Line, Col: k.Column, Key: key, Msg: "unknown key" + hint(k.Value, fields)})
				continue
			}
			pos[key] = position{k.Line, k.Column}
			errs = append(errs, walkKeys(file, val, ft, key, pos)...)
		}
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			if n.Tag == "!!null" {
				return nil
			}
			return Errors{{File: file, Line: n.Line, Col: n.Column, Key: keyOr(prefix), Msg: "must be a map"}}
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := join(prefix, n.Content[i].Value)
			pos[key] = position{n.Content[i].Line, n.Content[i].Column}
			errs = append(errs, walkKeys(file, n.Content[i+1], t.Elem(), key, pos)...)
		}
	case reflect.Slice:
		if n.Kind == yaml.SequenceNode {
			for i, item := range n.Content {
				key := fmt.Sprintf("%s[%d]", prefix, i)
				pos[key] = position{item.Line, item.Column}
				errs = append(errs, walkKeys(file, item, t.Elem(), key, pos)...)
			}
		}
	}
	return errs
}

// checkLeaves converts every scalar setting viper merged to its field's type,
// so a bad value is reported with its key rather than as a decoder error.
func checkLeaves(v *viper.Viper, t reflect.Type, prefix, file string, pos map[string]position) Errors {
	var errs Errors
	switch t.Kind() {
	case reflect.Struct:
		for name, ft := range structFields(t) {
			errs = append(errs, checkLeaves(v, ft, join(prefix, name), file, pos)...)
		}
		return errs
	case reflect.Map:
		for name := range v.GetStringMap(prefix) {
			errs = append(errs, checkLeaves(v, t.Elem(), join(prefix, name), file, pos)...)
		}
		return errs
	}
	if !v.IsSet(prefix) {
		return nil
	}
	raw := v.Get(prefix)
	bad := func(msg string) {
		e := &Error{Key: prefix, Msg: msg}
		if p, ok := pos[prefix]; ok && !fromOutside(v, prefix) {
			e.File, e.Line, e.Col = file, p.line, p.col
		}
		errs = append(errs, e)
	}
	switch {
	case t == reflect.TypeOf(time.Duration(0)):
		s := fmt.Sprint(raw)
		if _, err := time.ParseDuration(s); err != nil {
			bad(fmt.Sprintf("invalid duration %q (use a number with a unit: 500ms, 10s, 2m)", s))
		}
	case t.Kind() == reflect.Int:
		switch x := raw.(type) {
		case int, int64, uint64, float64:
		case string:
			var n int
			if _, err := fmt.Sscan(x, &n); err != nil || fmt.Sprint(n) != strings.TrimSpace(x) {
				bad(fmt.Sprintf("invalid number %q", x))
			}
		default:
			bad(fmt.Sprintf("invalid number %v", x))
		}
	case t.Kind() == reflect.Bool:
		switch x := raw.(type) {
		case bool:
		case string:
			if x != "true" && x != "false" {
				bad(fmt.Sprintf("invalid boolean %q (use true or false)", x))
			}
		default:
			bad(fmt.Sprintf("invalid boolean %v", x))
		}
	case t.Kind() == reflect.String:
		switch raw.(type) {
		case map[string]any, []any:
			bad("must be a single value")
		}
	}
	return errs
}

// fromOutside tells whether a key's value came from the environment or a
// flag rather than the file, so errors do not point at the wrong place.
func fromOutside(v *viper.Viper, key string) bool {
	_, ok := os.LookupEnv(EnvName(key))
	return ok
}

// EnvName is the environment variable that overrides key.
func EnvName(key string) string {
	return "PROOFRUN_" + strings.ToUpper(strings.NewReplacer(".", "_", "-", "_").Replace(key))
}

func structFields(t reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("mapstructure")
		if tag == "" || tag == "-" {
			continue
		}
		fields[tag] = t.Field(i).Type
	}
	return fields
}

func hint(word string, fields map[string]reflect.Type) string {
	names := make([]string, 0, len(fields))
	for n := range fields {
		names = append(names, n)
	}
	sort.Strings(names)
	return suggestHint(word, names)
}

func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

func keyOr(key string) string {
	if key == "" {
		return "config"
	}
	return key
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

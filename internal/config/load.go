package config

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/proofrun/proofrun/internal/profile"
	"github.com/proofrun/proofrun/internal/scenario"
	"github.com/proofrun/proofrun/internal/srcpos"
	"github.com/proofrun/proofrun/internal/suggest"
)

// DefaultFile is read when no --config is given and it exists.
const DefaultFile = "config.yaml"

// envPrefix starts the name of every environment variable that overrides a
// config key.
const envPrefix = "PROOFRUN_"

func defaults(v *viper.Viper) {
	v.SetDefault("target.base_url", "")
	v.SetDefault("target.fixtures", "fixtures/fixture-app.yaml")
	v.SetDefault("target.faults", []string{})
	v.SetDefault("target.profile", profile.Auto)
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
	v.SetDefault("run.settle_timers", "500ms")
	v.SetDefault("run.trace", "on-failure")
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

// Load builds the Config with viper from, in rising precedence: defaults,
// the config file, PROOFRUN_* environment variables and the flags declared
// with AddFlags and set on the command line. file "" reads DefaultFile when
// it exists; a named file must exist. Every problem is reported as
// srcpos.Errors, each naming its key and placed where its value came from:
// file:line:col, the environment variable or the flag.
func Load(file string, flags *pflag.FlagSet) (*Config, error) {
	v := viper.New()
	defaults(v)
	v.SetEnvPrefix(strings.TrimSuffix(envPrefix, "_"))
	v.SetEnvKeyReplacer(envReplacer)
	v.AutomaticEnv()

	if file == "" {
		if _, err := os.Stat(DefaultFile); err == nil {
			file = DefaultFile
		}
	}
	o := &origins{pos: map[string]srcpos.Pos{}, flags: overridden(flags)}
	var errs srcpos.Errors
	if file != "" {
		values, ferrs := readFile(file, o)
		if values == nil && len(ferrs) > 0 {
			return nil, o.sourced(ferrs)
		}
		errs = append(errs, ferrs...)
		if err := v.MergeConfigMap(values); err != nil {
			return nil, srcpos.Errors{{Pos: srcpos.Pos{File: file}, Key: "config", Msg: err.Error()}}
		}
	}
	for key, f := range o.flags {
		if err := v.BindPFlag(key, f); err != nil {
			return nil, srcpos.Errors{{Pos: srcpos.Pos{File: "--" + f.Name}, Key: key, Msg: err.Error()}}
		}
	}
	// Map entries (actors, panels) are only known to viper once read; bind
	// their leaves so PROOFRUN_ACTORS_OWNER_PASSWORD overrides the file.
	for _, key := range v.AllKeys() {
		_ = v.BindEnv(key)
	}
	errs = append(errs, unknownEnv(v.AllKeys())...)
	if len(errs) > 0 { // unknown keys or misshapen sections: the rest would only echo them
		return nil, o.sourced(errs.Sorted())
	}

	leafErrs := checkLeaves(v, reflect.TypeOf(Config{}), "", o)
	// A bad value falls back to its default so the checks that follow still
	// run: every problem is reported at once, each only once.
	for _, e := range leafErrs {
		v.Set(e.Key, defaultOf(e.Key))
	}
	errs = append(errs, leafErrs...)
	cfg := &Config{File: file}
	if err := v.Unmarshal(cfg); err != nil {
		return nil, o.sourced(append(errs, &srcpos.Error{Pos: srcpos.Pos{File: "config"}, Msg: err.Error()}).Sorted())
	}
	for _, e := range cfg.resolve(o) {
		if !slices.ContainsFunc(errs, func(x *srcpos.Error) bool { return x.Key == e.Key }) {
			errs = append(errs, e)
		}
	}
	if len(errs) > 0 {
		return nil, o.sourced(errs.Sorted())
	}
	return cfg, nil
}

// defaultOf is the default value of key, nil when it has none.
func defaultOf(key string) any {
	d := viper.New()
	defaults(d)
	return d.Get(key)
}

// readFile reads the config file with the scenario loader's YAML parser,
// bounded like every YAML file proofrun reads. It returns the values for
// viper (nil when the file could not be read as YAML), reports keys Config
// has no field for, and records in o where each key is written.
func readFile(file string, o *origins) (map[string]any, srcpos.Errors) {
	data, err := scenario.ReadBounded(file)
	if err != nil {
		return nil, srcpos.Errors{{Pos: srcpos.Pos{File: file}, Key: "config", Msg: "cannot read: " + unwrapPath(err).Error()}}
	}
	o.file, o.text = file, string(data)
	if e := scenario.CheckBounds(file, o.text); e != nil {
		return nil, srcpos.Errors{e}
	}
	root, e := scenario.ParseYAML(file, o.text)
	if e != nil {
		e.Key = "config"
		return nil, srcpos.Errors{e}
	}
	values := map[string]any{}
	if root == nil {
		return values, nil
	}
	w := &keyWalker{file: file, pos: o.pos}
	errs := w.walk(root, reflect.TypeOf(Config{}), "")
	v, at, err := root.Any()
	if err != nil {
		return nil, append(errs, &srcpos.Error{Pos: place(file, at), Key: "config", Msg: err.Error()})
	}
	if m, ok := v.(map[string]any); ok {
		values = m
	}
	return values, errs // unknown keys leave the values usable
}

// place is where a node is written.
func place(file string, n *scenario.Node) srcpos.Pos {
	return srcpos.Pos{File: file, Line: n.Line, Col: n.Column}
}

// keyWalker walks the config file's YAML tree along Config's fields.
type keyWalker struct {
	file string
	pos  map[string]srcpos.Pos // where each known key is written
}

// walk reports keys that Config has no field for and sections that are not
// maps, and records where each known key stands. Its depth is Config's.
// Aliases and merge keys are already applied by the parser.
func (w *keyWalker) walk(n *scenario.Node, t reflect.Type, prefix string) srcpos.Errors {
	file, pos := w.file, w.pos
	if n == nil || n.Kind == scenario.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	var errs srcpos.Errors
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		if n.Kind != scenario.MappingNode {
			msg := "must be a map"
			if t.Kind() == reflect.Struct {
				msg = "must be a map of settings"
			}
			return srcpos.Errors{{Pos: place(file, n), Key: keyOr(prefix), Msg: msg}}
		}
		fields := structFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			name := k.Value
			key := join(prefix, name)
			var ft reflect.Type
			if t.Kind() == reflect.Map {
				ft = t.Elem()
			} else if ft = fields[name]; ft == nil {
				errs = append(errs, &srcpos.Error{Pos: place(file, k), Key: key, Msg: "unknown key" + suggest.Hint(name, sortedKeys(fields))})
				continue
			}
			pos[key] = place(file, k)
			errs = append(errs, w.walk(v, ft, key)...)
		}
	case reflect.Slice:
		if n.Kind == scenario.SequenceNode {
			for i, item := range n.Content {
				key := fmt.Sprintf("%s[%d]", prefix, i)
				pos[key] = place(file, item)
				errs = append(errs, w.walk(item, t.Elem(), key)...)
			}
		}
	}
	return errs
}

// checkLeaves converts every scalar setting viper merged to its field's type,
// so a bad value is reported with its key rather than as a decoder error.
func checkLeaves(v *viper.Viper, t reflect.Type, prefix string, o *origins) srcpos.Errors {
	var errs srcpos.Errors
	switch t.Kind() {
	case reflect.Struct:
		for name, ft := range structFields(t) {
			errs = append(errs, checkLeaves(v, ft, join(prefix, name), o)...)
		}
		return errs
	case reflect.Map:
		for name := range v.GetStringMap(prefix) {
			errs = append(errs, checkLeaves(v, t.Elem(), join(prefix, name), o)...)
		}
		return errs
	}
	if !v.IsSet(prefix) {
		return nil
	}
	raw := v.Get(prefix)
	bad := func(msg string) {
		errs = append(errs, &srcpos.Error{Pos: o.place(prefix), Key: prefix, Msg: msg})
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

// origins says where each setting's value came from, so that an error
// blames the flag, the environment variable or the file line that set it.
type origins struct {
	file, text string                 // the config file read, "" when none
	pos        map[string]srcpos.Pos  // where each key is written in the file
	flags      map[string]*pflag.Flag // the flags given, by the key they override
}

// sourced fills in the file's line under each error placed in it, for
// srcpos.Error.Pretty.
func (o *origins) sourced(errs srcpos.Errors) srcpos.Errors {
	for _, e := range errs {
		if e.Pos.File == o.file && e.Source == "" {
			e.Source = srcpos.Line(o.text, e.Pos.Line)
		}
	}
	return errs
}

// place is where key's value came from, in viper's order: a flag, then the
// environment, then the file; failing that, where the nearest enclosing key
// came from (a missing password points at its actor), else "config" (a
// default).
func (o *origins) place(key string) srcpos.Pos {
	for k := key; k != ""; k = parentKey(k) {
		if f, ok := o.flags[k]; ok {
			return srcpos.Pos{File: "--" + f.Name}
		}
		if os.Getenv(EnvName(k)) != "" { // viper ignores an empty variable
			return srcpos.Pos{File: EnvName(k)}
		}
		if p, ok := o.pos[k]; ok {
			return p
		}
	}
	return srcpos.Pos{File: "config"}
}

// envReplacer turns a config key into the tail of its variable's name.
var envReplacer = strings.NewReplacer(".", "_", "-", "_")

// EnvName is the environment variable that overrides key.
func EnvName(key string) string {
	return envPrefix + strings.ToUpper(envReplacer.Replace(key))
}

// unknownEnv reports the PROOFRUN_ variables meant for config that override
// no key: those starting with a section's name, or close to one or to a
// variable that does override a key. Other PROOFRUN_ names are not config's
// (secrets such as PROOFRUN_OWNER_PASSWORD, read as {{ secret.X }}).
func unknownEnv(keys []string) srcpos.Errors {
	known := make([]string, 0, len(keys))
	for _, k := range keys {
		known = append(known, EnvName(k))
	}
	sort.Strings(known)
	var sections []string
	for name := range structFields(reflect.TypeOf(Config{})) {
		sections = append(sections, strings.ToUpper(name))
	}
	sort.Strings(sections)
	var errs srcpos.Errors
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		rest, ours := strings.CutPrefix(name, envPrefix)
		if !ours || slices.Contains(known, name) {
			continue
		}
		first, _, _ := strings.Cut(rest, "_")
		hint := suggest.DidYouMean(name, known)
		if hint == "" && !slices.Contains(sections, first) && suggest.Closest(first, sections) == "" {
			continue
		}
		if hint == "" {
			hint = fmt.Sprintf(" (a %s variable overrides a config key: %s for run.workers; actors.NAME.* and panels.NAME.* only for names in the config file)", envPrefix, EnvName("run.workers"))
		}
		errs = append(errs, &srcpos.Error{Pos: srcpos.Pos{File: name}, Msg: "no config key of this name" + hint})
	}
	return errs
}

func structFields(t reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	if t.Kind() != reflect.Struct {
		return fields
	}
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("mapstructure")
		if tag == "" || tag == "-" {
			continue
		}
		fields[tag] = t.Field(i).Type
	}
	return fields
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

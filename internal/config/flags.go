package config

import (
	"reflect"
	"strings"
	"time"

	"github.com/spf13/pflag"
)

// Override is a command-line flag that overrides a config key. The flags a
// command takes are declared from these, so a flag's name, its key and its
// type (the key's field) are written once.
type Override struct {
	Flag  string // the flag's name, without dashes
	Key   string // the config key it overrides
	Usage string
}

// The overrides proofrun's commands take.
var (
	BaseURL     = Override{"base-url", "target.base_url", "target base URL (default: start the embedded fixture app)"}
	Faults      = Override{"faults", "target.faults", "embedded fixture app defects to switch on"}
	Workers     = Override{"workers", "run.workers", "scenarios run in parallel (default: one per core)"}
	Retries     = Override{"retries", "run.retries", "retries of a failed scenario; a pass on retry is reported as flaky"}
	Timeout     = Override{"timeout", "run.timeout", "limit for the whole run (0: none)"}
	FailFast    = Override{"fail-fast", "run.fail_fast", "start no new scenario after the first failure"}
	FailOnFlaky = Override{"fail-on-flaky", "run.fail_on_flaky", "exit 1 when a scenario was flaky"}
	Trace       = Override{"trace", "run.trace", "keep the network/console record (on-failure: of scenarios that did not pass) and, with on, a screenshot after every step: off, on-failure (default) or on"}
	Out         = Override{"out", "run.out", "the run directory (default: reports/RUN_ID, with reports/latest pointing at it)"}
)

// WithUsage is o described for one command.
func (o Override) WithUsage(usage string) Override {
	o.Usage = usage
	return o
}

// keyAnnotation marks a flag with the config key it overrides, for Load.
const keyAnnotation = "proofrun/config-key"

// AddFlags declares the overrides on fs, each typed like its key's field and
// zero by default, so that only a flag given on the command line overrides
// the config file and the environment.
func AddFlags(fs *pflag.FlagSet, overrides ...Override) {
	for _, o := range overrides {
		switch fieldType(o.Key) {
		case reflect.TypeOf(time.Duration(0)):
			fs.Duration(o.Flag, 0, o.Usage)
		case reflect.TypeOf(0):
			fs.Int(o.Flag, 0, o.Usage)
		case reflect.TypeOf(false):
			fs.Bool(o.Flag, false, o.Usage)
		case reflect.TypeOf([]string(nil)):
			fs.StringSlice(o.Flag, nil, o.Usage)
		default:
			fs.String(o.Flag, "", o.Usage)
		}
		_ = fs.SetAnnotation(o.Flag, keyAnnotation, []string{o.Key})
	}
}

// fieldType is the type of the Config field a key names; nil when none.
func fieldType(key string) reflect.Type {
	t := reflect.TypeOf(Config{})
	for _, name := range strings.Split(key, ".") {
		switch t.Kind() {
		case reflect.Struct:
			ft, ok := structFields(t)[name]
			if !ok {
				return nil
			}
			t = ft
		case reflect.Map:
			t = t.Elem()
		default:
			return nil
		}
	}
	return t
}

// overridden lists the flags set on the command line that override config
// keys, by key.
func overridden(fs *pflag.FlagSet) map[string]*pflag.Flag {
	out := map[string]*pflag.Flag{}
	if fs == nil {
		return out
	}
	fs.Visit(func(f *pflag.Flag) {
		if key := f.Annotations[keyAnnotation]; len(key) == 1 {
			out[key[0]] = f
		}
	})
	return out
}

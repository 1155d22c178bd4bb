package scenario

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// Kind is a step kind: the key of a step in a scenario (visit, click, ...).
type Kind string

// Args is a step's typed arguments: a pointer to its kind's struct, as Def.New
// makes it. The struct's exported fields with a yaml tag are the keys the
// step accepts in its map form, in the order of the struct; a field's Go type
// says how it is read: string (variables expanded), bool, *bool (unset: nil),
// Status, []any or map[string]any (free YAML, strings expanded).
type Args any

// Status is an expected HTTP status (100..599); 0 means the step's default.
type Status int

// Def is what the loader and the schema know of a step kind. Each kind is
// defined once, in its own file, next to its executor (see the driver
// package); the loader reads, checks and renders steps from these
// definitions alone.
type Def struct {
	Kind Kind
	Doc  string // one line: what the step does or asserts
	// New makes the kind's empty argument struct (a pointer).
	New func() Args
	// Shorthand is the key a scalar value sets (`see: TEXT`); "" when the
	// step needs its map form.
	Shorthand string
	// Required lists the keys the step needs; "a|b" needs one of them.
	Required []string
	// Enums restrict string keys to closed lists.
	Enums map[string][]string
	// MayBeEmpty lists the string keys whose empty value means something
	// (fill's value clears a field, a request may have no body). Any other
	// empty argument makes a step prove nothing.
	MayBeEmpty []string

	fields []argField // the struct's yaml keys, in struct order
}

// Checker is implemented by argument structs with checks beyond required
// keys and enums (regexes, actors, expressions). Check runs once the step's
// keys are read, with every required key present and no argument empty.
type Checker interface {
	Check(c *Check)
}

// argField is one key of a kind's argument struct.
type argField struct {
	key   string
	index []int
	typ   reflect.Type
}

var (
	statusType = reflect.TypeFor[Status]()
	boolPtr    = reflect.TypeFor[*bool]()
	anyList    = reflect.TypeFor[[]any]()
	anyMap     = reflect.TypeFor[map[string]any]()
)

// registry is every step kind, by kind.
var registry = map[Kind]*Def{}

// Register adds a step kind. It is called from init functions, so a
// definition that contradicts its argument struct, or a kind defined twice,
// is a programming error and panics, the way http.Handle does.
func Register(d Def) {
	if _, dup := registry[d.Kind]; dup {
		panic(fmt.Sprintf("scenario: step kind %q registered twice", d.Kind))
	}
	if d.New == nil {
		panic(fmt.Sprintf("scenario: step kind %q has no New", d.Kind))
	}
	t := reflect.TypeOf(d.New())
	if t == nil || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		panic(fmt.Sprintf("scenario: step kind %q: New must return a pointer to a struct, not %v", d.Kind, t))
	}
	for i := 0; i < t.Elem().NumField(); i++ {
		sf := t.Elem().Field(i)
		key := strings.Split(sf.Tag.Get("yaml"), ",")[0]
		if key == "" || key == "-" || !sf.IsExported() {
			continue
		}
		switch sf.Type.Kind() {
		case reflect.String, reflect.Bool:
		default:
			if sf.Type != statusType && sf.Type != boolPtr && sf.Type != anyList && sf.Type != anyMap {
				panic(fmt.Sprintf("scenario: step kind %q: %s has a type the loader cannot read: %v", d.Kind, key, sf.Type))
			}
		}
		d.fields = append(d.fields, argField{key: key, index: sf.Index, typ: sf.Type})
	}
	var named []string
	if d.Shorthand != "" {
		named = append(named, d.Shorthand)
	}
	for _, req := range d.Required {
		named = append(named, strings.Split(req, "|")...)
	}
	for key := range d.Enums {
		named = append(named, key)
	}
	named = append(named, d.MayBeEmpty...)
	for _, key := range named {
		if d.field(key) == nil {
			panic(fmt.Sprintf("scenario: step kind %q names %q, which its arguments lack", d.Kind, key))
		}
	}
	registry[d.Kind] = &d
}

// Lookup is the definition of a step kind, nil when there is none.
func Lookup(k Kind) *Def { return registry[k] }

// StepKinds is every registered step kind, sorted.
func StepKinds() []string {
	names := make([]string, 0, len(registry))
	for k := range registry {
		names = append(names, string(k))
	}
	slices.Sort(names)
	return names
}

// Keys are the keys the step accepts in its map form, in struct order.
func (d *Def) Keys() []string {
	keys := make([]string, len(d.fields))
	for i, f := range d.fields {
		keys[i] = f.key
	}
	return keys
}

// ArgMayBeEmpty tells whether an empty value of the string key means
// something for this kind.
func (d *Def) ArgMayBeEmpty(key string) bool { return slices.Contains(d.MayBeEmpty, key) }

func (d *Def) field(key string) *argField {
	for i := range d.fields {
		if d.fields[i].key == key {
			return &d.fields[i]
		}
	}
	return nil
}

// value is the field of args (a pointer made by New) that key names.
func (d *Def) value(args Args, key string) reflect.Value {
	return reflect.ValueOf(args).Elem().FieldByIndex(d.field(key).index)
}

// argValue is the Go value of a step's argument by its key.
func argValue(st *Step, key string) any {
	return Lookup(st.Kind).value(st.Args, key).Interface()
}

// Field is one string of a step's arguments, as WalkStrings hands it over.
type Field struct {
	Key string  // the argument's key
	P   *string // the string itself, to read or replace
	// Free is set for a string inside a free YAML value (invoke's args and
	// updates), where an empty string is just a value.
	Free bool
}

// Clone copies a step's arguments (a pointer to its struct), so that
// changing the copy (a matrix cell's status, expanded variables) leaves the
// step as loaded. WalkStrings rebuilds free YAML values rather than change
// them, so a shallow copy is enough.
func Clone(args Args) Args {
	v := reflect.ValueOf(args)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return args
	}
	out := reflect.New(v.Elem().Type())
	out.Elem().Set(v.Elem())
	return out.Interface()
}

// WalkStrings calls fn with every string of args (a pointer to an argument
// struct): its string fields, the strings inside its free YAML values
// ([]any, map[string]any) and inside nested structs, whatever their depth,
// so that a new field is expanded without being listed anywhere. Free YAML
// values are rebuilt, never changed in place; pass a Clone to change the
// strings of a loaded step. It stops at fn's first error.
func WalkStrings(args Args, fn func(Field) error) error {
	v := reflect.ValueOf(args)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	return walkStruct(v.Elem(), "", fn)
}

func walkStruct(v reflect.Value, key string, fn func(Field) error) error {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		k := key
		if k == "" {
			k = strings.Split(sf.Tag.Get("yaml"), ",")[0]
		}
		if err := walkValue(v.Field(i), k, fn); err != nil {
			return err
		}
	}
	return nil
}

func walkValue(v reflect.Value, key string, fn func(Field) error) error {
	switch v.Kind() {
	case reflect.String:
		return fn(Field{Key: key, P: v.Addr().Interface().(*string)})
	case reflect.Struct:
		return walkStruct(v, key, fn)
	case reflect.Slice, reflect.Map, reflect.Interface:
		if v.IsNil() || (v.Type() != anyList && v.Type() != anyMap && v.Kind() != reflect.Interface) {
			return nil
		}
		out, err := walkAny(v.Interface(), key, fn)
		if err != nil {
			return err
		}
		v.Set(reflect.ValueOf(out))
	}
	return nil
}

// walkAny rebuilds a free YAML value with fn applied to its strings.
func walkAny(v any, key string, fn func(Field) error) (any, error) {
	switch x := v.(type) {
	case string:
		err := fn(Field{Key: key, P: &x, Free: true})
		return x, err
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			var err error
			if out[i], err = walkAny(e, key, fn); err != nil {
				return nil, err
			}
		}
		return out, nil
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			var err error
			if out[k], err = walkAny(e, key, fn); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return v, nil
}

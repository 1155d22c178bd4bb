package scenario

// Include splices the steps of a shared fragment; the loader expands it, so
// it has no executor.
const Include Kind = "include"

// IncludeArgs are include's arguments.
type IncludeArgs struct {
	Name string `yaml:"name"` // the fragment, relative to the including file
}

func init() {
	Register(Def{
		Kind: Include, Doc: "splice the steps of a shared fragment (a path relative to this file)",
		New: func() Args { return new(IncludeArgs) }, Shorthand: "name", Required: []string{"name"},
	})
}

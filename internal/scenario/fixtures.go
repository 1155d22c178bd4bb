package scenario

import (
	"regexp"
	"sort"
)

// LoadFixtures reads a fixtures file: the named data scenarios refer to as
// {{ a.b.c }}. A YAML error comes back as an *Error placed in the file.
func LoadFixtures(path string) (map[string]any, error) {
	src, err := readSource(path)
	if err != nil {
		return nil, err
	}
	root := src.root
	if root == nil {
		return map[string]any{}, nil
	}
	if root.Kind != MappingNode {
		return nil, &Error{Pos: src.pos(root), Msg: "a fixtures file must be a map of names, not " + kindName(root), Source: src.line(root.Line)}
	}
	v, at, bad := root.Any()
	if bad != nil {
		return nil, &Error{Pos: src.pos(at), Msg: bad.Error(), Source: src.line(at.Line)}
	}
	return v.(map[string]any), nil
}

// secretKey names a fixtures field whose value is a credential: it is
// redacted like {{ secret.X }}, although a fixture publishes it.
var secretKey = regexp.MustCompile(`(?i)(password|secret|token|api_?key|private_?key)`)

// FixtureSecrets lists the values of the credential fields of a fixtures
// map (client_secret, password, ...), at any depth, sorted.
func FixtureSecrets(fixtures map[string]any) []string {
	var out []string
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				walk(k, e)
			}
		case []any:
			for _, e := range x {
				walk(key, e)
			}
		case string:
			if secretKey.MatchString(key) && x != "" {
				out = append(out, x)
			}
		}
	}
	walk("", fixtures)
	sort.Strings(out)
	return out
}

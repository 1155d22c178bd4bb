package scenario

import (
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// LoadFixtures reads a fixtures file: the named data scenarios refer to as
// {{ a.b.c }}. A YAML error comes back as an *Error placed in the file.
func LoadFixtures(path string) (map[string]any, error) {
	src, err := readSource(path)
	if err != nil {
		return nil, err
	}
	root := deref(src.root)
	if root == nil {
		return map[string]any{}, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, &Error{Pos: src.pos(root), Msg: "a fixtures file must be a map of names, not " + kindName(root), Source: src.line(root.Line)}
	}
	var m map[string]any
	if err := root.Decode(&m); err != nil {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		return nil, &Error{Pos: src.pos(root), Msg: strings.Join(strings.Fields(msg), " "), Source: src.line(root.Line)}
	}
	return m, nil
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

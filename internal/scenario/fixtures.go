package scenario

import (
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

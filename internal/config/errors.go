package config

import (
	"fmt"
	"sort"
	"strings"

	"github.com/proofrun/proofrun/internal/suggest"
)

// Error is one configuration problem, named by its key.
type Error struct {
	File      string // "" when the value came from a flag, the environment or a default
	Line, Col int
	Key       string
	Msg       string
}

func (e *Error) Error() string {
	if e.File != "" && e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s: %s", e.File, e.Line, e.Col, e.Key, e.Msg)
	}
	if e.File != "" {
		return fmt.Sprintf("%s: %s: %s", e.File, e.Key, e.Msg)
	}
	return fmt.Sprintf("config %s: %s", e.Key, e.Msg)
}

// Errors is every problem Load found, one per line.
type Errors []*Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// has tells whether a problem was already reported for key.
func (es Errors) has(key string) bool {
	for _, e := range es {
		if e.Key == key {
			return true
		}
	}
	return false
}

func (es Errors) sorted() Errors {
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].Line != es[j].Line {
			return es[i].Line < es[j].Line
		}
		if es[i].Col != es[j].Col {
			return es[i].Col < es[j].Col
		}
		return es[i].Key < es[j].Key
	})
	return es
}

func suggestHint(word string, names []string) string { return suggest.Hint(word, names) }

package scenario

import (
	"errors"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// source is one YAML file read from disk: its text (for error lines and for
// placing a variable exactly) and its parsed root node.
type source struct {
	path  string
	text  string
	lines []string
	root  *yaml.Node // the document's content; nil when empty or unparsable
}

// readSource reads and parses path. A read or YAML error is returned placed
// in the file; an empty document leaves root nil.
func readSource(path string) (*source, *Error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{Pos: Pos{File: path}, Msg: describeFSError(err)}
	}
	src := &source{path: path, text: string(data)}
	src.lines = strings.Split(strings.ReplaceAll(src.text, "\r\n", "\n"), "\n")
	if !utf8.ValidString(src.text) {
		return src, &Error{Pos: Pos{File: path}, Msg: "not UTF-8 text"}
	}
	dec := yaml.NewDecoder(strings.NewReader(src.text))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return src, nil
		}
		return src, yamlError(src, err)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		return src, &Error{Pos: Pos{File: path, Line: next.Line, Col: next.Column}, Msg: "a second YAML document: a file holds one", Source: src.line(next.Line)}
	case !errors.Is(err, io.EOF):
		return src, yamlError(src, err)
	}
	if len(doc.Content) > 0 {
		src.root = doc.Content[0]
	}
	return src, nil
}

// describeFSError drops the path from an os error, since the message is
// already placed at the file.
func describeFSError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// line is the text of a 1-based line, "" when out of range.
func (s *source) line(n int) string {
	if n < 1 || n > len(s.lines) {
		return ""
	}
	return s.lines[n-1]
}

// pos is where a node is written.
func (s *source) pos(n *yaml.Node) Pos {
	return Pos{File: s.path, Line: n.Line, Col: n.Column}
}

// find places the nth (0-based) occurrence of needle at or after node n in
// the raw text, so a variable inside a quoted or block scalar is pointed at
// exactly. It falls back to the node's position.
func (s *source) find(n *yaml.Node, needle string, nth int) Pos {
	at := s.pos(n)
	line, col := n.Line, n.Column
	for line >= 1 && line <= len(s.lines) {
		runes := []rune(s.lines[line-1])
		text := ""
		if col-1 <= len(runes) {
			text = string(runes[col-1:])
		}
		for {
			i := strings.Index(text, needle)
			if i < 0 {
				break
			}
			if nth == 0 {
				return Pos{File: s.path, Line: line, Col: col + utf8.RuneCountInString(text[:i])}
			}
			nth--
			col += utf8.RuneCountInString(text[:i+len(needle)])
			text = text[i+len(needle):]
		}
		line, col = line+1, 1
	}
	return at
}

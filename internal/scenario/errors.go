package scenario

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	goccy "github.com/goccy/go-yaml"
	goccyparser "github.com/goccy/go-yaml/parser"

	"github.com/proofrun/proofrun/internal/srcpos"
)

// Pos is a place in a source file, 1-based (see srcpos).
type Pos = srcpos.Pos

// Error is one problem in a scenario, fragment, catalogue or fixtures file,
// placed at the line and column where it is written; Pretty shows the line
// with a caret under the column.
type Error = srcpos.Error

// Errors is every problem Load found, sorted by file, line and column.
type Errors = srcpos.Errors

// errorList collects errors while loading; finish sorts them, drops
// duplicates (a fragment included twice reports its problems once) and fills
// in the source lines.
type errorList struct {
	errs []*Error
}

func (l *errorList) add(pos Pos, format string, args ...any) {
	l.errs = append(l.errs, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

func (l *errorList) finish(line func(file string, n int) string) error {
	if len(l.errs) == 0 {
		return nil
	}
	out := Errors(l.errs).Sorted()
	for _, e := range out {
		if e.Source == "" {
			e.Source = line(e.Pos.File, e.Pos.Line)
		}
	}
	return out
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// YAMLSyntax places a syntax error gopkg.in/yaml.v3 found in text. yaml.v3
// names only a line, and for parser errors the line where the construct
// began, counted from 0. goccy/go-yaml's parser names the token it stopped
// at, so its line, column and message are used when it finds an error too;
// otherwise yaml.v3's line (col 0: unknown). goccy is only asked about text
// within MaxNesting, since its time grows with the square of the depth.
func YAMLSyntax(text []byte, err error) (line, col int, msg string) {
	if line, col, ok := srcpos.Nesting(string(text), MaxNesting); !ok {
		return line, col, nestingMsg
	}
	if line, col, msg, ok := goccySyntax(text); ok {
		return line, col, msg
	}
	msg = err.Error()
	m := yamlLine.FindStringSubmatch(msg)
	if m == nil {
		return 0, 0, strings.TrimPrefix(msg, "yaml: ")
	}
	line, _ = strconv.Atoi(m[1])
	return line, 0, msg[len(m[0]):]
}

// goccySyntax is the position goccy/go-yaml gives a syntax error in text.
// A panic in that parser only loses the better position.
func goccySyntax(text []byte) (line, col int, msg string, ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	_, err := goccyparser.ParseBytes(text, 0)
	var se *goccy.SyntaxError
	if !errors.As(err, &se) || se.Token == nil || se.Token.Position == nil {
		return 0, 0, "", false
	}
	// A tab in the message ("found character '\t' ...") must stay visible.
	return se.Token.Position.Line, se.Token.Position.Column, strings.ReplaceAll(se.Message, "\t", `\t`), true
}

// yamlError places a YAML syntax error in src, the caret under its column
// or, when only the line is known, the line's first non-blank character.
func yamlError(src *source, err error) *Error {
	line, col, msg := YAMLSyntax([]byte(src.text), err)
	if line == 0 {
		return &Error{Pos: Pos{File: src.path, Line: 1, Col: 1}, Msg: msg, Source: src.line(1)}
	}
	text := src.line(line)
	if col == 0 {
		col = len([]rune(text)) - len([]rune(strings.TrimLeft(text, " \t"))) + 1
	}
	return &Error{Pos: Pos{File: src.path, Line: line, Col: col}, Msg: msg, Source: text}
}

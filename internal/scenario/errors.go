package scenario

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	goccy "github.com/goccy/go-yaml"
	goccyparser "github.com/goccy/go-yaml/parser"
)

// Error is one problem in a scenario, fragment, catalogue or fixtures file,
// placed at the line and column where it is written.
type Error struct {
	Pos    Pos
	Msg    string
	Source string // the offending line's text; "" when the error has no line
}

// Error is the one-line form: "file:line:col: msg".
func (e *Error) Error() string {
	switch {
	case e.Pos.Line == 0:
		return fmt.Sprintf("%s: %s", e.Pos.File, e.Msg)
	case e.Pos.Col == 0:
		return fmt.Sprintf("%s:%d: %s", e.Pos.File, e.Pos.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.Pos.File, e.Pos.Line, e.Pos.Col, e.Msg)
}

// Pretty is the one-line form followed by the source line and a caret under
// the column, the way charmbracelet/vhs shows a tape's parse errors.
func (e *Error) Pretty() string {
	if e.Pos.Line == 0 || e.Source == "" {
		return e.Error()
	}
	gutter := strconv.Itoa(e.Pos.Line)
	var caret strings.Builder
	for i, r := range []rune(e.Source) {
		if i >= e.Pos.Col-1 {
			break
		}
		if r == '\t' { // keep tabs so the caret lines up in any terminal
			caret.WriteRune('\t')
		} else {
			caret.WriteRune(' ')
		}
	}
	return fmt.Sprintf("%s\n %s | %s\n %s | %s^", e.Error(), gutter, e.Source,
		strings.Repeat(" ", len(gutter)), caret.String())
}

// Errors is every problem Load found, sorted by file, line and column.
type Errors []*Error

// Error lists the errors one a line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Pretty lists the errors with their source lines and carets, separated by
// blank lines.
func (es Errors) Pretty() string {
	blocks := make([]string, len(es))
	for i, e := range es {
		blocks[i] = e.Pretty()
	}
	return strings.Join(blocks, "\n\n")
}

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
	sort.SliceStable(l.errs, func(i, j int) bool {
		a, b := l.errs[i].Pos, l.errs[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return l.errs[i].Msg < l.errs[j].Msg
	})
	var out Errors
	for i, e := range l.errs {
		if i > 0 && e.Pos == l.errs[i-1].Pos && e.Msg == l.errs[i-1].Msg {
			continue
		}
		if e.Source == "" {
			e.Source = line(e.Pos.File, e.Pos.Line)
		}
		out = append(out, e)
	}
	return out
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// YAMLSyntax places a syntax error gopkg.in/yaml.v3 found in text. yaml.v3
// names only a line, and for parser errors the line where the construct
// began, counted from 0. goccy/go-yaml's parser names the token it stopped
// at, so its line, column and message are used when it finds an error too;
// otherwise yaml.v3's line (col 0: unknown).
func YAMLSyntax(text []byte, err error) (line, col int, msg string) {
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

// Package srcpos places problems in the files proofrun reads: a position,
// an error at a position, and the vhs-style rendering of the offending line
// with a caret under the column. Config and scenario errors share it.
package srcpos

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Pos is a place in a source file, 1-based. Line 0 means the whole file; Col
// 0 means the whole line. File may also name where a value came from when it
// was not a file, such as an environment variable or a flag.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

// String is "file:line:col", shortened when the line or column is unknown.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Error is one problem placed where it is written.
type Error struct {
	Pos    Pos
	Key    string // the setting the problem is about; "" when the place says it all
	Msg    string
	Source string // the offending line's text; "" when the error has no line
}

// Error is the one-line form: "file:line:col: msg", or "file:line:col: key:
// msg" when the error names a key.
func (e *Error) Error() string {
	if e.Key != "" {
		return e.Pos.String() + ": " + e.Key + ": " + e.Msg
	}
	return e.Pos.String() + ": " + e.Msg
}

// maxShown bounds the source shown under an error, so a huge one-line file
// does not flood the terminal: a window around the column is kept.
const maxShown = 120

// Pretty is the one-line form followed by the source line and a caret under
// the column, the way charmbracelet/vhs shows a tape's parse errors.
func (e *Error) Pretty() string {
	if e.Pos.Line == 0 || e.Source == "" {
		return e.Error()
	}
	src, col := window([]rune(e.Source), max(e.Pos.Col, 1))
	gutter := strconv.Itoa(e.Pos.Line)
	var caret strings.Builder
	for i, r := range src {
		if i >= col-1 {
			break
		}
		if r == '\t' { // keep tabs so the caret lines up in any terminal
			caret.WriteRune('\t')
		} else {
			caret.WriteRune(' ')
		}
	}
	return fmt.Sprintf("%s\n %s | %s\n %s | %s^", e.Error(), gutter, string(src),
		strings.Repeat(" ", len(gutter)), caret.String())
}

// window cuts a long line to at most maxShown runes around col, marking the
// cuts with "…", and returns the column within the cut.
func window(line []rune, col int) ([]rune, int) {
	if len(line) <= maxShown {
		return line, col
	}
	start := max(0, min(col-1-maxShown/2, len(line)-maxShown))
	end := start + maxShown
	out := append([]rune(nil), line[start:end]...)
	if start > 0 {
		out = append([]rune("…"), out...)
		col = col - start + 1
	}
	if end < len(line) {
		out = append(out, '…')
	}
	return out, col
}

// Line is the text of a 1-based line of text, "" when out of range.
func Line(text string, n int) string {
	if n < 1 {
		return ""
	}
	for ; n > 1; n-- {
		i := strings.IndexByte(text, '\n')
		if i < 0 {
			return ""
		}
		text = text[i+1:]
	}
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		text = text[:i]
	}
	return strings.TrimSuffix(text, "\r")
}

// Errors is every problem found, one a line.
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

// Sorted sorts the errors by file, line, column, key and message and drops
// exact repeats (a fragment included twice reports its problems once).
func (es Errors) Sorted() Errors {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		switch {
		case a.Pos.File != b.Pos.File:
			return a.Pos.File < b.Pos.File
		case a.Pos.Line != b.Pos.Line:
			return a.Pos.Line < b.Pos.Line
		case a.Pos.Col != b.Pos.Col:
			return a.Pos.Col < b.Pos.Col
		case a.Key != b.Key:
			return a.Key < b.Key
		}
		return a.Msg < b.Msg
	})
	var out Errors
	for _, e := range es {
		if n := len(out); n > 0 && e.Pos == out[n-1].Pos && e.Key == out[n-1].Key && e.Msg == out[n-1].Msg {
			continue
		}
		out = append(out, e)
	}
	return out
}

package scenario

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/proofrun/proofrun/internal/srcpos"
)

// The loader's bounds, so that any file, however written, is read in
// bounded time and memory.
const (
	MaxFileSize     = 1 << 20 // bytes in one file
	MaxNesting      = 64      // levels of maps and lists in one file
	MaxIncludeDepth = 16      // fragments including fragments
	MaxSteps        = 10_000  // steps of one scenario, includes expanded
)

var (
	sizeMsg    = fmt.Sprintf("the file goes on past here: a YAML file proofrun reads holds at most %d MiB", MaxFileSize>>20)
	nestingMsg = fmt.Sprintf("nested deeper than the %d levels of maps and lists a YAML file proofrun reads may have", MaxNesting)
)

// source is one YAML file read from disk: its text (for error lines and for
// placing a variable exactly) and its parsed root node.
type source struct {
	path  string
	text  string
	lines []string
	root  *Node // the document's content; nil when empty or unparsable
}

// readSource reads and parses path. A read or YAML error is returned placed
// in the file; an empty document leaves root nil.
func readSource(path string) (*source, *Error) {
	data, err := ReadBounded(path)
	if err != nil {
		return nil, &Error{Pos: Pos{File: path}, Msg: describeFSError(err)}
	}
	src := &source{path: path, text: string(data)}
	src.lines = strings.Split(strings.ReplaceAll(src.text, "\r\n", "\n"), "\n")
	if err := CheckBounds(path, src.text); err != nil {
		return src, err
	}
	root, perr := ParseYAML(path, src.text)
	if perr != nil {
		return src, perr
	}
	src.root = root
	return src, nil
}

// CheckBounds checks the text of a YAML file read with ReadBounded against
// MaxFileSize and MaxNesting, and that it is UTF-8, before any parser sees
// it: a problem comes back placed where it starts.
func CheckBounds(path, text string) *Error {
	placed := func(line, col int, msg string) *Error {
		return &Error{Pos: Pos{File: path, Line: line, Col: col}, Msg: msg, Source: srcpos.Line(text, line)}
	}
	if len(text) > MaxFileSize {
		head := text[:MaxFileSize]
		return placed(strings.Count(head, "\n")+1, utf8.RuneCountInString(head[strings.LastIndexByte(head, '\n')+1:])+1, sizeMsg)
	}
	if !utf8.ValidString(text) {
		return &Error{Pos: Pos{File: path}, Msg: "not UTF-8 text"}
	}
	if line, col, ok := srcpos.Nesting(text, MaxNesting); !ok {
		return placed(line, col, nestingMsg)
	}
	return nil
}

// ReadBounded reads path up to one byte past MaxFileSize: enough for
// CheckBounds to tell that a file is too large without holding all of it.
func ReadBounded(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, MaxFileSize+1))
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
func (s *source) pos(n *Node) Pos {
	return Pos{File: s.path, Line: n.Line, Col: n.Column}
}

// find places the nth (0-based) occurrence of needle at or after node n in
// the raw text, so a variable inside a quoted or block scalar is pointed at
// exactly. It falls back to the node's position.
func (s *source) find(n *Node, needle string, nth int) Pos {
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

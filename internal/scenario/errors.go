package scenario

import (
	"fmt"

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

package srcpos

import (
	"regexp"
	"strings"
)

// blockScalar is a line's last token opening a literal or folded scalar.
var blockScalar = regexp.MustCompile(`(^|[\s:-])[|>][0-9+-]*$`)

// Nesting scans YAML text, without parsing it, for where it nests deeper than
// limit (a map or list in a map or list ...), counting block indentation
// levels, compact "- " entries and flow brackets. It may count a little more
// than a parser would, never less by more than one level, so parsers whose
// time grows with the square of the depth (goccy/go-yaml's does) can be
// called on text it accepts. ok is false with the place of the first level
// too deep.
func Nesting(text string, limit int) (line, col int, ok bool) {
	var (
		stack     []int // the columns of the open block levels
		flow      int   // open [ and {
		quote     rune  // the quote of a quoted scalar in progress, or 0
		scalarEnd = -1  // in a block scalar: its parent line's indentation
	)
	for i, raw := range strings.Split(text, "\n") {
		runes := []rune(strings.TrimRight(raw, "\r"))
		indent := 0
		for indent < len(runes) && runes[indent] == ' ' {
			indent++
		}
		blank := indent == len(runes) || runes[indent] == '#'
		if scalarEnd >= 0 {
			if blank || indent > scalarEnd {
				continue
			}
			scalarEnd = -1
		}
		if blank && quote == 0 {
			continue
		}
		if quote == 0 && flow == 0 {
			for len(stack) > 0 && stack[len(stack)-1] > indent {
				stack = stack[:len(stack)-1]
			}
			if len(stack) == 0 || stack[len(stack)-1] < indent {
				stack = append(stack, indent)
			}
		}
		prev := rune(0) // the last non-blank rune outside quotes; 0 at the line's start
		end := len(runes)
		for j := indent; j < len(runes); j++ {
			r := runes[j]
			if quote != 0 {
				switch {
				case quote == '"' && r == '\\':
					j++
				case r == quote:
					quote, prev = 0, r
				}
				continue
			}
			opens := flow > 0 || strings.ContainsRune("\x00:-?,[{", prev)
			switch {
			case r == '#' && (j == 0 || runes[j-1] == ' ' || runes[j-1] == '\t'):
				end = j
				j = len(runes)
				continue
			case (r == '"' || r == '\'') && opens:
				quote = r
			case (r == '[' || r == '{') && opens:
				flow++
			case (r == ']' || r == '}') && flow > 0:
				flow--
			case (r == '-' || r == '?') && flow == 0 && prev == 0 && j+1 < len(runes) && runes[j+1] == ' ':
				// a compact entry: "- - x" nests on one line
				if len(stack) == 0 || stack[len(stack)-1] < j+2 {
					stack = append(stack, j+2)
				}
				continue // the entry's content still starts a value
			}
			if len(stack)+flow > limit {
				return i + 1, j + 1, false
			}
			if r != ' ' && r != '\t' {
				prev = r
			}
		}
		if quote == 0 && flow == 0 && blockScalar.MatchString(strings.TrimRight(string(runes[:end]), " \t")) {
			scalarEnd = indent
		}
	}
	return 0, 0, true
}

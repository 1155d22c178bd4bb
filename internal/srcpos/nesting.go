package srcpos

import (
	"strings"
	"unicode/utf8"
)

// Nesting scans YAML text, without parsing it, for where it nests deeper than
// limit (a map or list in a map or list ...), counting block indentation
// levels, compact "- " entries and flow brackets. It may count a level or so
// more than a parser would, never fewer, so the YAML parser (whose time and
// stack grow with the depth) is only called on text it accepts. ok is false
// with the place of the first level too deep.
func Nesting(text string, limit int) (line, col int, ok bool) {
	var (
		stack     []int // the byte columns of the open block levels
		flow      int   // open [ and {
		quote     byte  // the quote of a quoted scalar in progress, or 0
		scalarEnd = -1  // in a block scalar: its parent line's indentation
	)
	for i := 0; text != ""; i++ {
		ln := text
		if k := strings.IndexByte(text, '\n'); k >= 0 {
			ln, text = text[:k], text[k+1:]
		} else {
			text = ""
		}
		ln = strings.TrimSuffix(ln, "\r")
		indent := 0
		for indent < len(ln) && ln[indent] == ' ' {
			indent++
		}
		blank := indent == len(ln) || ln[indent] == '#'
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
		tooDeep := func(j int) (int, int, bool) {
			return i + 1, utf8.RuneCountInString(ln[:j]) + 1, false
		}
		prev := byte(0) // the last non-blank byte outside quotes; 0 at the line's start
		plain := false  // in a plain scalar of block context, where [ { and quotes are text
		end := len(ln)
	scan:
		for j := indent; j < len(ln); j++ {
			r := ln[j]
			if quote != 0 {
				switch {
				case quote == '"' && r == '\\':
					j++
				case r == quote:
					quote, prev = 0, r
				}
				continue
			}
			if r == '#' && (j == 0 || ln[j-1] == ' ' || ln[j-1] == '\t') {
				end = j
				break scan
			}
			spaceNext := j+1 == len(ln) || ln[j+1] == ' ' || ln[j+1] == '\t'
			if plain { // a key's plain text ends at ": "
				if r == ':' && spaceNext {
					plain, prev = false, r
				}
				continue
			}
			opens := flow > 0 || strings.IndexByte("\x00:-?,[{", prev) >= 0
			switch {
			case r == ' ' || r == '\t':
				continue
			case (r == '"' || r == '\'') && opens:
				quote = r
			case (r == '[' || r == '{') && opens:
				flow++
			case (r == ']' || r == '}') && flow > 0:
				flow--
			case (r == '-' || r == '?') && flow == 0 && prev == 0 && spaceNext:
				// a compact entry: "- - x" nests on one line
				if len(stack) == 0 || stack[len(stack)-1] < j+2 {
					stack = append(stack, j+2)
				}
				if len(stack) > limit {
					return tooDeep(j)
				}
				continue // the entry's content still starts a value
			case (r == '&' || r == '!') && opens:
				for j+1 < len(ln) && ln[j+1] != ' ' { // an anchor or a tag: the value follows
					j++
				}
				continue
			case flow == 0 && r != ':' && r != ',' && r != ']' && r != '}':
				plain = true
			}
			if len(stack)+flow > limit {
				return tooDeep(j)
			}
			prev = r
		}
		if quote == 0 && flow == 0 && opensBlockScalar(strings.TrimRight(ln[:end], " \t")) {
			scalarEnd = indent
		}
	}
	return 0, 0, true
}

// opensBlockScalar tells whether a line ends in a literal or folded scalar's
// indicator: "|", ">", "|-", ">+2" ..., after a blank, ":" or "-".
func opensBlockScalar(ln string) bool {
	k := len(ln)
	for k > 0 && strings.IndexByte("0123456789+-", ln[k-1]) >= 0 {
		k--
	}
	if k == 0 || (ln[k-1] != '|' && ln[k-1] != '>') {
		return false
	}
	return k == 1 || strings.IndexByte(" \t:-", ln[k-2]) >= 0
}

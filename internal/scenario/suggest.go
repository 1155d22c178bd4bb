package scenario

import (
	"fmt"
	"strings"
)

// suggest is the hint after an unknown name: the closest known name when one
// is a likely typo, otherwise the list of known names when it is short.
func suggest(name string, known []string) string {
	if hint := didYouMean(name, known); hint != "" {
		return hint
	}
	if len(known) > 0 && len(known) <= 16 {
		return " (one of: " + strings.Join(known, ", ") + ")"
	}
	return ""
}

// didYouMean names the closest known name within two edits, or is "".
func didYouMean(name string, known []string) string {
	best, bestDist := "", 3
	for _, k := range known {
		if d := distance(strings.ToLower(name), strings.ToLower(k)); d < bestDist && d < len(k) {
			best, bestDist = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// distance is the Levenshtein edit distance between a and b.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

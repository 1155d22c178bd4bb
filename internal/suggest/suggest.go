// Package suggest is proofrun's one "did you mean" rule, for every unknown
// name in config, environment, flags and scenario files.
package suggest

import (
	"fmt"
	"strings"
)

// maxListed is how many known names a hint lists when none is close.
const maxListed = 16

// Closest returns the candidate nearest to word, ignoring case, when it is
// within two edits and those edits do not rewrite the whole candidate; ""
// otherwise. Ties go to the earlier candidate.
func Closest(word string, candidates []string) string {
	best, bestDist := "", 3
	w := strings.ToLower(word)
	for _, c := range candidates {
		if d := Distance(w, strings.ToLower(c)); d < bestDist && d < len([]rune(c)) {
			best, bestDist = c, d
		}
	}
	return best
}

// DidYouMean is Closest phrased for an error message: ` (did you mean
// "x"?)`, or "" when no candidate is close.
func DidYouMean(word string, candidates []string) string {
	if c := Closest(word, candidates); c != "" {
		return fmt.Sprintf(" (did you mean %q?)", c)
	}
	return ""
}

// Hint is DidYouMean, or when no candidate is close and there are few, the
// list of them: ` (one of: a, b, c)`.
func Hint(word string, candidates []string) string {
	if h := DidYouMean(word, candidates); h != "" {
		return h
	}
	if len(candidates) > 0 && len(candidates) <= maxListed {
		return " (one of: " + strings.Join(candidates, ", ") + ")"
	}
	return ""
}

// Distance is the Levenshtein edit distance between a and b.
func Distance(a, b string) int {
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

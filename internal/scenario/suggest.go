package scenario

import (
	"fmt"
	"strings"

	names "github.com/proofrun/proofrun/internal/suggest"
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
		if d := names.Distance(strings.ToLower(name), strings.ToLower(k)); d < bestDist && d < len(k) {
			best, bestDist = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

package proof

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
)

// PlanID fingerprints a set of scenario ids, whatever their order: a pack's
// (so merge refuses mixed packs) or a plan's before sharding (so merge can
// tell whether shards add up to it).
func PlanID(ids []string) string {
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	sum := sha256.Sum256([]byte(strings.Join(sorted, "\n")))
	return hex.EncodeToString(sum[:8])
}

package scenario

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
)

// Fingerprint is a stable hash of the pack's scenario ids (order-free), so
// runs of different packs are not merged into one report.
func (p *Pack) Fingerprint() string {
	ids := make([]string, len(p.Scenarios))
	for i, s := range p.Scenarios {
		ids[i] = s.ID
	}
	slices.Sort(ids)
	sum := sha256.Sum256([]byte(strings.Join(ids, "\n")))
	return hex.EncodeToString(sum[:8])
}

package scenario

import "github.com/proofrun/proofrun/internal/proof"

// Fingerprint is a stable hash of the pack's scenario ids (order-free), so
// runs of different packs are not merged into one report.
func (p *Pack) Fingerprint() string {
	return proof.PlanID(IDs(p.Scenarios))
}

// IDs lists the scenarios' ids.
func IDs(scs []*Scenario) []string {
	ids := make([]string, len(scs))
	for i, s := range scs {
		ids[i] = s.ID
	}
	return ids
}

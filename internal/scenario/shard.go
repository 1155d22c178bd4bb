package scenario

import (
	"time"

	"github.com/proofrun/proofrun/internal/proof"
)

// ApplyShard returns shard sh's scenarios in plan order (see proof.Shard.Mine
// for how the plan is split); the zero shard keeps them all.
func ApplyShard(sh proof.Shard, s []*Scenario, durations map[string]time.Duration) []*Scenario {
	if sh.Total <= 1 {
		return s
	}
	ids := make([]string, len(s))
	for i, sc := range s {
		ids[i] = sc.ID
	}
	mine := sh.Mine(ids, durations)
	var out []*Scenario
	for _, sc := range s {
		if mine[sc.ID] {
			out = append(out, sc)
		}
	}
	return out
}

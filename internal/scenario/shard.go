package scenario

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Shard is one part of a plan split across machines: --shard Index/Total,
// Index 1-based. The zero Shard is the whole plan.
type Shard struct {
	Index, Total int
}

// ParseShard reads "I/N".
func ParseShard(s string) (Shard, error) {
	i, n, ok := strings.Cut(s, "/")
	index, err1 := strconv.Atoi(strings.TrimSpace(i))
	total, err2 := strconv.Atoi(strings.TrimSpace(n))
	if !ok || err1 != nil || err2 != nil || total < 1 || index < 1 || index > total {
		return Shard{}, fmt.Errorf("--shard %q: want I/N with 1 <= I <= N, e.g. 2/3", s)
	}
	return Shard{Index: index, Total: total}, nil
}

// String is "I/N".
func (sh Shard) String() string {
	return fmt.Sprintf("%d/%d", sh.Index, sh.Total)
}

// Apply returns this shard's scenarios in plan order. The shards of one plan
// partition it exactly, and the assignment depends only on the scenarios'
// ids (and durations), not on their order. Without durations the split is by
// count: sorted by id, every Total-th. With durations (of an earlier run) it
// balances time: longest first onto the least loaded shard, a scenario with
// no duration counting as the median.
func (sh Shard) Apply(s []*Scenario, durations map[string]time.Duration) []*Scenario {
	if sh.Total <= 1 {
		return s
	}
	mine := map[string]bool{}
	for id, shard := range assign(s, sh.Total, durations) {
		if shard == sh.Index-1 {
			mine[id] = true
		}
	}
	var out []*Scenario
	for _, sc := range s {
		if mine[sc.ID] {
			out = append(out, sc)
		}
	}
	return out
}

// assign maps each scenario id to a 0-based shard.
func assign(s []*Scenario, total int, durations map[string]time.Duration) map[string]int {
	ids := make([]string, len(s))
	for i, sc := range s {
		ids[i] = sc.ID
	}
	slices.Sort(ids)
	out := make(map[string]int, len(ids))
	cost, known := costs(ids, durations)
	if !known {
		for i, id := range ids {
			out[id] = i % total
		}
		return out
	}
	// Longest first; ties by id so the order is total.
	slices.SortStableFunc(ids, func(a, b string) int { return cmp.Compare(cost[b], cost[a]) })
	load := make([]time.Duration, total)
	for _, id := range ids {
		lightest := slices.Index(load, slices.Min(load))
		out[id] = lightest
		load[lightest] += cost[id]
	}
	return out
}

// costs is each id's duration, the median of the known ones standing in for
// the unknown; known is false when no id has a duration.
func costs(ids []string, durations map[string]time.Duration) (map[string]time.Duration, bool) {
	var seen []time.Duration
	for _, id := range ids {
		if d, ok := durations[id]; ok {
			seen = append(seen, d)
		}
	}
	if len(seen) == 0 {
		return nil, false
	}
	slices.Sort(seen)
	median := seen[len(seen)/2]
	cost := make(map[string]time.Duration, len(ids))
	for _, id := range ids {
		if d, ok := durations[id]; ok {
			cost[id] = d
		} else {
			cost[id] = median
		}
	}
	return cost, true
}

package proof

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Shard is one part of a plan split across machines: --shard Index/Total,
// Index 1-based. The zero Shard is the whole plan. The run records it and
// merge reads it back, so its format lives here, beside the plan.
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

// Mine tells which of ids fall to this shard. The shards of one plan
// partition it exactly, and the assignment depends only on the ids (and
// durations), not on their order. Without durations the split is by count:
// sorted, every Total-th. With durations (of an earlier run) it balances
// time: longest first onto the least loaded shard, an id with no duration
// counting as the median.
func (sh Shard) Mine(ids []string, durations map[string]time.Duration) map[string]bool {
	mine := map[string]bool{}
	for id, shard := range assign(ids, sh.Total, durations) {
		if shard == sh.Index-1 {
			mine[id] = true
		}
	}
	return mine
}

// assign maps each id to a 0-based shard.
func assign(ids []string, total int, durations map[string]time.Duration) map[string]int {
	ids = slices.Clone(ids)
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

package scenario_test

import (
	"fmt"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/scenario"
)

func ids(s []*scenario.Scenario) []string {
	out := make([]string, len(s))
	for i, sc := range s {
		out[i] = sc.ID
	}
	return out
}

var _ = Describe("Filter", func() {
	plan := []*scenario.Scenario{
		{ID: "restore-stale", Domain: "restore", Tags: []string{"smoke"}, Actor: "operator"},
		{ID: "restore-partial", Domain: "restore", Actor: "owner"},
		{ID: "backup-list", Domain: "backup", Tags: []string{"smoke", "nightly"}, Actor: "owner"},
		{ID: "authz/list/owner", Domain: "cross-workspace", Actor: "owner", Matrix: &proof.MatrixCell{Matrix: "authz"}},
	}

	DescribeTable("selects by domain, tag, id glob and actor",
		func(f scenario.Filter, want ...string) {
			Expect(ids(f.Apply(plan))).To(Equal(want))
		},
		Entry("no filter", scenario.Filter{}, "restore-stale", "restore-partial", "backup-list", "authz/list/owner"),
		Entry("domain", scenario.Filter{Domains: []string{"backup"}}, "backup-list"),
		Entry("values of one field are alternatives", scenario.Filter{Domains: []string{"backup", "restore"}}, "restore-stale", "restore-partial", "backup-list"),
		Entry("tag", scenario.Filter{Tags: []string{"smoke"}}, "restore-stale", "backup-list"),
		Entry("id glob", scenario.Filter{IDs: []string{"restore-*"}}, "restore-stale", "restore-partial"),
		Entry("a matrix by its id", scenario.Filter{IDs: []string{"authz"}}, "authz/list/owner"),
		Entry("fields combine", scenario.Filter{Domains: []string{"restore"}, Actors: []string{"owner"}}, "restore-partial"),
		Entry("nothing matches", scenario.Filter{Tags: []string{"smoke"}, Actors: []string{"nobody"}}),
		Entry("skip an id glob", scenario.Filter{SkipIDs: []string{"restore-*"}}, "backup-list", "authz/list/owner"),
		Entry("skip a matrix by its id", scenario.Filter{Domains: []string{"cross-workspace", "backup"}, SkipIDs: []string{"authz"}}, "backup-list"),
		Entry("skip a tag", scenario.Filter{SkipTags: []string{"nightly"}}, "restore-stale", "restore-partial", "authz/list/owner"),
		Entry("a skip outranks a selection", scenario.Filter{Tags: []string{"smoke"}, SkipIDs: []string{"backup-list"}}, "restore-stale"),
	)

	It("rejects a malformed glob", func() {
		Expect(scenario.Filter{IDs: []string{"["}}.Validate()).To(MatchError(`--id "[": bad glob`))
		Expect(scenario.Filter{SkipIDs: []string{"["}}.Validate()).To(MatchError(`--skip-id "[": bad glob`))
		Expect(scenario.Filter{IDs: []string{"a*"}}.Validate()).To(Succeed())
	})
})

var _ = Describe("Shard", func() {
	var plan []*scenario.Scenario
	for i := range 23 {
		plan = append(plan, &scenario.Scenario{ID: fmt.Sprintf("s%02d", (i*7)%23)})
	}

	// partition checks that the shards hold every scenario exactly once and
	// returns them.
	partition := func(total int, durations map[string]time.Duration) [][]*scenario.Scenario {
		seen := map[string]int{}
		var shards [][]*scenario.Scenario
		for i := 1; i <= total; i++ {
			part := scenario.ApplyShard(proof.Shard{Index: i, Total: total}, plan, durations)
			for _, s := range part {
				seen[s.ID]++
			}
			shards = append(shards, part)
		}
		Expect(seen).To(HaveLen(len(plan)))
		for id, n := range seen {
			Expect(n).To(Equal(1), id)
		}
		return shards
	}

	It("parses I/N and names --shard when it cannot", func() {
		Expect(proof.ParseShard("2/3")).To(Equal(proof.Shard{Index: 2, Total: 3}))
		for _, bad := range []string{"", "3", "0/2", "3/2", "a/b", "1/0", "-1/2"} {
			_, err := proof.ParseShard(bad)
			Expect(err).To(MatchError(ContainSubstring("--shard")), bad)
		}
	})

	It("partitions the plan exactly, balanced by count", func() {
		for total := 1; total <= 5; total++ {
			for _, part := range partition(total, nil) {
				Expect(len(part)).To(BeNumerically("~", len(plan)/total, 1))
			}
		}
	})

	It("keeps plan order and puts a scenario in the same shard every time, whatever the input order", func() {
		reversed := make([]*scenario.Scenario, len(plan))
		for i, s := range plan {
			reversed[len(plan)-1-i] = s
		}
		sh := proof.Shard{Index: 2, Total: 3}
		first := ids(scenario.ApplyShard(sh, plan, nil))
		Expect(ids(scenario.ApplyShard(sh, plan, nil))).To(Equal(first))
		Expect(ids(scenario.ApplyShard(sh, reversed, nil))).To(ConsistOf(first))
		Expect(first).To(Equal(ids(scenario.Filter{IDs: first}.Apply(plan))))
	})

	It("balances by the durations of an earlier run, unknown ones as the median", func() {
		durations := map[string]time.Duration{"s00": 200 * time.Second}
		for i := 1; i < 20; i++ { // s20..s22 have none
			durations[fmt.Sprintf("s%02d", i)] = time.Duration(i) * time.Second
		}
		shards := partition(3, durations)
		median := 11 * time.Second // of 1s..19s and 200s
		var loads []time.Duration
		for _, part := range shards {
			var load time.Duration
			for _, s := range part {
				d, ok := durations[s.ID]
				if !ok {
					d = median
				}
				load += d
			}
			loads = append(loads, load)
		}
		// 200s alone on one shard; the other 223s split evenly between the two others.
		Expect(ids(shards[0])).To(Equal([]string{"s00"}))
		Expect(loads[1] - loads[2]).To(BeNumerically("~", 0, 2*time.Second))
		Expect(partition(3, durations)).To(Equal(shards))
	})

	It("is the whole plan for the zero shard", func() {
		Expect(scenario.ApplyShard(proof.Shard{}, plan, nil)).To(Equal(plan))
	})
})

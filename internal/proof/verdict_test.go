package proof_test

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/proof"
)

// counts builds a tally's counts: pairs of result and number.
func counts(kv ...any) map[proof.Result]int {
	m := map[proof.Result]int{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(proof.Result)] = kv[i+1].(int)
	}
	return m
}

var _ = Describe("Judge", func() {
	DescribeTable("decides the verdict and exit code from the results alone",
		func(t proof.Tally, verdict proof.Verdict, code int) {
			j := proof.Judge(t)
			Expect(j.Verdict).To(Equal(verdict))
			Expect(j.ExitCode).To(Equal(code))
			if code != proof.ExitOK {
				Expect(j.Why).NotTo(BeEmpty())
			}
		},
		Entry("all proven", proof.Tally{Counts: counts(proof.Proven, 3)}, proof.VerdictPass, 0),
		Entry("proven and deferred", proof.Tally{Counts: counts(proof.Proven, 2, proof.Deferred, 1)}, proof.VerdictDeferred, 0),
		Entry("only deferred", proof.Tally{Counts: counts(proof.Deferred, 1)}, proof.VerdictDeferred, 0),
		Entry("flaky passes", proof.Tally{Counts: counts(proof.Proven, 1, proof.Flaky, 1)}, proof.VerdictPass, 0),
		Entry("flaky with --fail-on-flaky", proof.Tally{Counts: counts(proof.Proven, 1, proof.Flaky, 1), FailOnFlaky: true}, proof.VerdictFail, 1),
		Entry("a failure", proof.Tally{Counts: counts(proof.Proven, 5, proof.Failed, 1)}, proof.VerdictFail, 1),
		Entry("a failure outranks an error", proof.Tally{Counts: counts(proof.Failed, 1, proof.Error, 1)}, proof.VerdictFail, 1),
		Entry("an error without failures", proof.Tally{Counts: counts(proof.Proven, 5, proof.Error, 1)}, proof.VerdictError, 3),
		Entry("a scenario not run", proof.Tally{Counts: counts(proof.Proven, 5, proof.NotRun, 1)}, proof.VerdictError, 3),
		Entry("skipped beside proven", proof.Tally{Counts: counts(proof.Proven, 1, proof.Skipped, 1)}, proof.VerdictPass, 0),
		Entry("only skipped proves nothing", proof.Tally{Counts: counts(proof.Skipped, 2)}, proof.VerdictError, 3),
		Entry("nothing at all", proof.Tally{}, proof.VerdictError, 3),
		Entry("interrupted outranks a failure", proof.Tally{Counts: counts(proof.Failed, 1), Interrupted: true}, proof.VerdictInterrupted, 130),
		Entry("interrupted with all proven", proof.Tally{Counts: counts(proof.Proven, 1), Interrupted: true}, proof.VerdictInterrupted, 130),
		Entry("a partial merge is never a pass", proof.Tally{Counts: counts(proof.Proven, 2), Partial: true}, proof.VerdictIncomplete, 3),
		Entry("a partial merge with a failure fails", proof.Tally{Counts: counts(proof.Failed, 1), Partial: true}, proof.VerdictFail, 1),
		Entry("a partial merge with deferred", proof.Tally{Counts: counts(proof.Deferred, 1), Partial: true}, proof.VerdictIncomplete, 3),
	)

	It("judges every combination of results consistently", func() {
		results := []proof.Result{proof.Proven, proof.Failed, proof.Error, proof.Deferred, proof.Skipped, proof.Flaky, proof.NotRun}
		for mask := 0; mask < 1<<len(results); mask++ {
			c := map[proof.Result]int{}
			for i, r := range results {
				if mask&(1<<i) != 0 {
					c[r] = 1
				}
			}
			for _, flags := range []proof.Tally{{}, {FailOnFlaky: true}, {Partial: true}, {Interrupted: true}} {
				t := flags
				t.Counts = c
				j := proof.Judge(t)
				pass := j.ExitCode == proof.ExitOK
				Expect(pass).To(Equal(j.Verdict == proof.VerdictPass || j.Verdict == proof.VerdictDeferred), "%v", c)
				if pass {
					Expect(c[proof.Failed]+c[proof.Error]+c[proof.NotRun]).To(BeZero(), "a pass with a failure, error or unrun scenario: %v", c)
					Expect(c[proof.Proven]+c[proof.Flaky]+c[proof.Deferred]).To(BeNumerically(">", 0), "a pass that proved nothing: %v", c)
					Expect(t.Partial || t.Interrupted).To(BeFalse())
				}
				if c[proof.Failed] > 0 && !t.Interrupted {
					Expect(j.ExitCode).To(Equal(proof.ExitFailed))
				}
			}
		}
	})
})

package runner

import (
	"errors"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/driver"
	"github.com/proofrun/proofrun/internal/exitcode"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/report"
	"github.com/proofrun/proofrun/internal/scenario"
)

var (
	proven  = driver.Outcome{Result: proof.Proven, Observed: 200}
	failed  = driver.Outcome{Result: proof.Failed, FailingStep: "2 see: Saved", Reason: "not on the page", Observed: 500}
	errored = driver.Outcome{Result: proof.Error, Reason: "interrupted", Interrupted: true}
	runOut  = errors.New("run timeout 8s")
)

// attempts is what a scenario's attempts came to, in order.
func attempts(outs ...driver.Outcome) tries {
	var t tries
	for _, o := range outs {
		t.add(o, time.Time{}, 0)
	}
	return t
}

var _ = Describe("classify", func() {
	plain := &scenario.Scenario{ID: "s"}
	deferred := &scenario.Scenario{ID: "d", Deferred: "product decision pending"}
	matrix := &scenario.Scenario{ID: "m", Matrix: &proof.MatrixCell{Matrix: "m", Case: "list", Actor: "viewer", Expected: 403}}

	DescribeTable("turns a scenario's attempts into its row",
		func(sc *scenario.Scenario, t tries, retries int, stop error, result proof.Result, reason string) {
			row := classify(sc, t, retries, stop)
			Expect(row.Result).To(Equal(result))
			Expect(row.Reason).To(Equal(reason))
			Expect(row.Attempts).To(Equal(t.count))
		},
		Entry("proven at once", plain, attempts(proven), 0, nil, proof.Proven, ""),
		Entry("failed without retries", plain, attempts(failed), 0, nil, proof.Failed, "not on the page"),
		Entry("failed on every attempt", plain, attempts(failed, failed, failed), 2, nil, proof.Failed, "not on the page"),
		Entry("proven after a failure is flaky, saying the first failure", plain, attempts(failed, proven), 2, nil,
			proof.Flaky, "proven on attempt 2 of 3; first failure: 2 see: Saved: not on the page"),
		Entry("an error of a stopped run says why it stopped", plain, attempts(errored), 0, runOut, proof.Error, "interrupted: run timeout 8s"),
		Entry("an error of a running run keeps its reason", plain, attempts(driver.Outcome{Result: proof.Error, Reason: "browser lost"}), 0, nil,
			proof.Error, "browser lost"),
		Entry("a proof of a stopped run stands", plain, attempts(proven), 0, runOut, proof.Proven, ""),
		Entry("deferred and proven", deferred, attempts(proven), 0, nil, proof.Deferred, ""),
		Entry("deferred and failed says the failure", deferred, attempts(failed), 0, nil, proof.Deferred, "deferred (failed: not on the page)"),
		Entry("deferred and flaky says the flake", deferred, attempts(failed, proven), 1, nil,
			proof.Deferred, "deferred (flaky: proven on attempt 2 of 2; first failure: 2 see: Saved: not on the page)"),
		Entry("deferred but errored is an error", deferred, attempts(driver.Outcome{Result: proof.Error, Reason: "target unreachable"}), 0, nil,
			proof.Error, "target unreachable"),
	)

	It("takes the matrix cell's observed status from the last attempt, leaving the plan alone", func() {
		row := classify(matrix, attempts(failed, proven), 1, nil)
		Expect(row.Matrix).To(Equal(&proof.MatrixCell{Matrix: "m", Case: "list", Actor: "viewer", Expected: 403, Observed: 200}))
		Expect(matrix.Matrix.Observed).To(BeZero())
		Expect(classify(plain, attempts(proven), 0, nil).Matrix).To(BeNil())
	})

	It("keeps the events of every attempt", func() {
		t := attempts(driver.Outcome{Result: proof.Failed, Events: []string{"s: no failure screenshot: gone"}}, proven)
		Expect(t.events).To(Equal([]string{"s: no failure screenshot: gone"}))
	})
})

var _ = DescribeTable("again retries only a failed proof, while retries are left and the run goes on",
	func(t tries, retries int, stopped, want bool) {
		Expect(t.again(retries, stopped)).To(Equal(want))
	},
	Entry("failed, a retry left", attempts(failed), 1, false, true),
	Entry("failed, no retries", attempts(failed), 0, false, false),
	Entry("failed, retries used up", attempts(failed, failed), 1, false, false),
	Entry("failed, the run stopped", attempts(failed), 3, true, false),
	Entry("proven", attempts(proven), 3, false, false),
	Entry("an error is not retried", attempts(errored), 3, false, false),
)

var _ = DescribeTable("a scenario that never started",
	func(row proof.Row, result proof.Result, reason string) {
		Expect(row.Result).To(Equal(result))
		Expect(row.Reason).To(Equal(reason))
	},
	Entry("not run, the run going on", notRun(nil), proof.NotRun, "not run"),
	Entry("not run, saying why the run stopped", notRun(runOut), proof.NotRun, "not run: run timeout 8s"),
	Entry("a run that could not start is an error saying why", abandoned(errors.New("target unreachable"), nil), proof.Error, "target unreachable"),
	Entry("a run stopped before it could start did not run", abandoned(errors.New("browser: context canceled"), runOut), proof.NotRun, "not run: run timeout 8s"),
)

var _ = DescribeTable("verdict turns proof.Judge's judgement into the exit error, printed already by the summary line",
	func(t proof.Tally, code int) {
		j := proof.Judge(t)
		err := verdict(report.Summary{Verdict: j.Verdict, ExitCode: j.ExitCode, Why: j.Why})
		Expect(exitcode.Code(err)).To(Equal(code))
		if code != exitcode.OK {
			Expect(exitcode.Printed(err)).To(BeTrue())
			Expect(err).To(MatchError(string(j.Verdict) + ": " + j.Why))
		}
	},
	Entry("a pass", proof.Tally{Counts: map[proof.Result]int{proof.Proven: 1}}, exitcode.OK),
	Entry("a failure", proof.Tally{Counts: map[proof.Result]int{proof.Failed: 1}}, exitcode.Failed),
	Entry("an error", proof.Tally{Counts: map[proof.Result]int{proof.Error: 1}}, exitcode.Infra),
	Entry("an interrupt", proof.Tally{Counts: map[proof.Result]int{proof.Proven: 1}, Interrupted: true}, exitcode.Interrupted),
)

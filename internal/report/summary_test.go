package report_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/report"
)

func row(id string, r proof.Result, reqs ...string) []proof.Row {
	if len(reqs) == 0 {
		reqs = []string{""}
	}
	var out []proof.Row
	for _, req := range reqs {
		out = append(out, proof.Row{ScenarioID: id, Domain: "restore", State: "allowed", Result: r, Requirement: req})
	}
	return out
}

func rows(groups ...[]proof.Row) []proof.Row {
	var out []proof.Row
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

var _ = Describe("Summarize", func() {
	DescribeTable("decides the verdict",
		func(meta proof.Meta, rs []proof.Row, want proof.Verdict) {
			Expect(report.Summarize(meta, rs).Verdict).To(Equal(want))
		},
		Entry("all proven", proof.Meta{}, rows(row("a", proof.Proven), row("b", proof.Proven)), proof.VerdictPass),
		Entry("a flaky pass is a pass", proof.Meta{}, rows(row("a", proof.Proven), row("b", proof.Flaky)), proof.VerdictPass),
		Entry("skipped does not fail", proof.Meta{}, rows(row("a", proof.Proven), row("b", proof.Skipped)), proof.VerdictPass),
		Entry("only skipped proves nothing", proof.Meta{}, rows(row("a", proof.Skipped)), proof.VerdictError),
		Entry("a deferred one", proof.Meta{}, rows(row("a", proof.Proven), row("b", proof.Deferred)), proof.VerdictDeferred),
		Entry("a failure", proof.Meta{}, rows(row("a", proof.Deferred), row("b", proof.Failed)), proof.VerdictFail),
		Entry("an infrastructure error", proof.Meta{}, rows(row("a", proof.Proven), row("b", proof.Error)), proof.VerdictError),
		Entry("an interrupted run", proof.Meta{Interrupted: true}, rows(row("a", proof.Proven)), proof.VerdictInterrupted),
		Entry("a planned scenario without a row", proof.Meta{Plan: []proof.PlannedScenario{{ID: "a"}, {ID: "b"}}}, rows(row("a", proof.Proven)), proof.VerdictError),
		Entry("nothing ran", proof.Meta{}, nil, proof.VerdictError),
	)

	It("counts a scenario with three requirements once", func() {
		s := report.Summarize(proof.Meta{}, rows(row("a", proof.Proven, "R1", "R2", "R3"), row("b", proof.Failed, "R1")))
		Expect(s.Scenarios).To(Equal(2))
		Expect(s.Rows).To(Equal(4))
		Expect(s.Counts[proof.Proven]).To(Equal(1))
		Expect(s.Domains["restore"][proof.Failed]).To(Equal(1))
		Expect(s.Requirements).To(Equal(3))
		Expect(s.Coverage[report.DefectFound]).To(Equal(1))
		Expect(s.Coverage[report.FullyProven]).To(Equal(2))
	})

	DescribeTable("classifies requirements as spec 401 asks",
		func(results []proof.Result, browser bool, want report.Class) {
			meta := proof.Meta{Requirements: []proof.Requirement{{ID: "R", Browser: browser}}}
			var rs []proof.Row
			for i, r := range results {
				rs = append(rs, row(string(rune('a'+i)), r, "R")...)
			}
			s := report.Summarize(meta, rs)
			Expect(s.Coverage).To(Equal(map[report.Class]int{want: 1}))
		},
		Entry("all proven", []proof.Result{proof.Proven, proof.Flaky}, true, report.FullyProven),
		Entry("proven and deferred", []proof.Result{proof.Proven, proof.Deferred}, true, report.ProvenExceptDeferred),
		Entry("only deferred", []proof.Result{proof.Deferred}, true, report.ContractMissing),
		Entry("any failure", []proof.Result{proof.Proven, proof.Deferred, proof.Failed}, true, report.DefectFound),
		Entry("an error is not a defect", []proof.Result{proof.Proven, proof.Error}, true, report.CouldNotProve),
		Entry("a failure outranks an error", []proof.Result{proof.Error, proof.Failed}, true, report.DefectFound),
		Entry("proven and skipped", []proof.Result{proof.Proven, proof.Skipped}, true, report.Incomplete),
		Entry("only skipped", []proof.Result{proof.Skipped}, true, report.ClassNotRun),
		Entry("no scenario", nil, true, report.MissingProof),
		Entry("no scenario, not for a browser", nil, false, report.NotBrowserProvable),
	)

	It("tells a requirement left out of a focused run from one no scenario proves", func() {
		meta := proof.Meta{
			Requirements: []proof.Requirement{{ID: "R1", Browser: true}, {ID: "R2", Browser: true}, {ID: "R3", Browser: true}},
			PackProves:   []string{"R1", "R2"},
			Unplanned:    []string{"b"},
		}
		s := report.Summarize(meta, row("a", proof.Proven, "R1"))
		Expect(s.Coverage).To(Equal(map[report.Class]int{report.FullyProven: 1, report.NotInThisRun: 1, report.MissingProof: 1}))
		Expect(s.Verdict).To(Equal(proof.VerdictPass))
	})

	It("measures an unfinished run up to its last scenario", func() {
		t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		rs := rows(row("a", proof.Proven), row("b", proof.Proven))
		rs[0].Start, rs[0].DurationMS = t0.Add(time.Second), 4000
		rs[1].Start, rs[1].DurationMS = t0, 1000
		Expect(report.Summarize(proof.Meta{Started: t0}, rs).DurationMS).To(BeEquivalentTo(5000))
	})
})

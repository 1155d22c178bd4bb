package runner

import (
	"github.com/proofrun/proofrun/internal/exitcode"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/rundir"
	"github.com/proofrun/proofrun/internal/scenario"
)

// latestRun is where --last-failed looks without --from.
const latestRun = "reports/latest"

// lastFailed keeps the scenarios of plan that failed, errored or never ran
// in the run directory from: exactly what a rerun must prove again.
func lastFailed(plan []*scenario.Scenario, from string) ([]*scenario.Scenario, error) {
	if from == "" {
		from = latestRun
	}
	meta, rows, err := rundir.Read(from)
	if err != nil {
		return nil, exitcode.Newf(exitcode.Invalid, "--last-failed: %s: %v", from, err)
	}
	again := map[string]bool{}
	for _, r := range rows {
		if r.Result == proof.Failed || r.Result == proof.Error || r.Result == proof.NotRun {
			again[r.ScenarioID] = true
		}
	}
	ran := map[string]bool{}
	for _, r := range rows {
		ran[r.ScenarioID] = true
	}
	for _, p := range meta.Plan { // planned but without a row: the run ended early
		if !ran[p.ID] {
			again[p.ID] = true
		}
	}
	if len(again) == 0 {
		return nil, exitcode.Newf(exitcode.Invalid, "--last-failed: %s has no failed, errored or unrun scenario to run again", from)
	}
	var out []*scenario.Scenario
	for _, sc := range plan {
		if again[sc.ID] {
			out = append(out, sc)
		}
	}
	return out, nil
}

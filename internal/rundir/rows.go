package rundir

import "github.com/proofrun/proofrun/internal/proof"

// RowsFor expands one scenario's outcome (base: result, steps, findings,
// evidence, timing) into its proof rows: one per requirement the scenario
// proves, or a single row with an empty Requirement when it proves none.
// Identity fields base leaves empty are taken from sc. The rows share base's
// slices, which are only read from here on.
func RowsFor(runID string, sc proof.PlannedScenario, base proof.Row) []proof.Row {
	base.RunID = runID
	fill(&base.ScenarioID, sc.ID)
	fill(&base.Title, sc.Title)
	fill(&base.Domain, sc.Domain)
	fill(&base.State, sc.State)
	fill(&base.Actor, sc.Actor)
	fill(&base.File, sc.File)
	fill(&base.Deferred, sc.Deferred)
	if base.Line == 0 {
		base.Line = sc.Line
	}
	reqs := sc.Proves
	if len(reqs) == 0 {
		reqs = []string{""}
	}
	rows := make([]proof.Row, len(reqs))
	for i, req := range reqs {
		rows[i] = base
		rows[i].Requirement = req
	}
	return rows
}

func fill(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

package discover

import (
	"context"
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/proofrun/proofrun/internal/driver"
	"github.com/proofrun/proofrun/internal/proof"
	"github.com/proofrun/proofrun/internal/rundir"
	"github.com/proofrun/proofrun/internal/scenario"
)

// Rows turns the judged matrix into proof rows, one per cell and
// requirement: a cell with a finding or drift is failed, any other proven.
// The matrix part of each row draws the actor x page grid of the report,
// one grid per resource.
func (j *Judge) Rows(runID string, o *Observation, findings []Finding, drift []Drift, evidence map[cellKey][]string, start time.Time) []proof.Row {
	fc := byCell(findings)
	dc := map[cellKey][]Drift{}
	for _, d := range drift {
		if d.Kind == "changed" {
			dc[cellKey{d.URL, d.Actor}] = append(dc[cellKey{d.URL, d.Actor}], d)
		}
	}
	var rows []proof.Row
	for _, r := range j.Resources(o) {
		matrix := "discovered-" + r.ID
		for _, u := range r.URLs {
			for _, a := range o.Actors {
				p := o.Pages[u][a]
				want, _ := j.cellExpectation(o, u, a, fc)
				base := proof.Row{
					RunID: runID, ScenarioID: cellID(matrix, u, a), Title: fmt.Sprintf("%s: %s as %s", matrix, u, a),
					Domain: r.Domain, State: stateOf(want, r.Domain), Actor: a, Result: proof.Proven,
					Evidence: evidence[cellKey{u, a}], Start: start,
					Matrix: &proof.MatrixCell{Matrix: matrix, Case: u, Actor: a, Expected: want, Observed: p.Status},
				}
				var reasons []string
				for _, f := range fc[cellKey{u, a}] {
					reasons = append(reasons, f.Message)
				}
				if len(dc[cellKey{u, a}]) > 0 {
					reasons = append(reasons, driftText(dc[cellKey{u, a}]))
				}
				if len(reasons) > 0 {
					base.Result, base.Reason = proof.Failed, strings.Join(reasons, "; ")
					base.FailingStep = "visit: " + u
				}
				rows = append(rows, j.perRequirement(base)...)
			}
		}
	}
	for _, d := range drift {
		if d.Kind == "changed" {
			continue
		}
		id, dom := j.resourceOf(d.URL)
		rows = append(rows, j.perRequirement(proof.Row{
			RunID: runID, ScenarioID: cellID("discovered-drift-"+id, d.URL, d.Kind), Title: "drift: " + d.URL,
			Domain: dom, State: stateOf(404, dom), Result: proof.Failed, Reason: d.String(), Start: start,
		})...)
	}
	return rows
}

// perRequirement copies a row for each requirement its domain proves.
func (j *Judge) perRequirement(r proof.Row) []proof.Row {
	reqs := j.Rules.Proves[r.Domain]
	if len(reqs) == 0 {
		return []proof.Row{r}
	}
	out := make([]proof.Row, len(reqs))
	for i, req := range reqs {
		out[i] = r
		out[i].Requirement = req
	}
	return out
}

// Plan is the planned scenario of every row, so the reports count cells.
func Plan(rows []proof.Row) []proof.PlannedScenario {
	var out []proof.PlannedScenario
	seen := map[string]int{}
	for _, r := range rows {
		if i, ok := seen[r.ScenarioID]; ok {
			out[i].Proves = append(out[i].Proves, r.Requirement)
			continue
		}
		seen[r.ScenarioID] = len(out)
		out = append(out, proof.PlannedScenario{ID: r.ScenarioID, Title: r.Title, Domain: r.Domain, State: r.State,
			Proves: []string{r.Requirement}, Actor: r.Actor})
	}
	return out
}

// cellID is a stable, unique scenario id of a cell: the URL made a name
// (which SafeName may shorten) and a hash of the URL itself.
func cellID(matrix, u, actor string) string {
	sum := sha256.Sum256([]byte(u))
	return fmt.Sprintf("%s/%s-%x/%s", matrix, rundir.SafeName(strings.ToLower(strings.Trim(u, "/"))), sum[:4], actor)
}

// stateOf is the proof state a status shows, as a matrix case derives it;
// "failed" for a status no state follows from (a 5xx).
func stateOf(status int, domain string) string {
	if s := scenario.StateOf(status, domain); s != "" {
		return s
	}
	return "failed"
}

// Evidence screenshots each finding's two sides: the actor's page and the
// reference actor's. Best effort per shot: a shot that fails is left out,
// never the finding.
func Evidence(ctx context.Context, t Target, run *rundir.Run, findings []Finding) map[cellKey][]string {
	byActor := map[string][]string{}
	seen := map[cellKey]bool{}
	for _, f := range findings {
		for _, c := range []cellKey{{f.URL, f.Actor}, {f.URL, f.Reference}} {
			if !seen[c] && c.actor != "" {
				seen[c] = true
				byActor[c.actor] = append(byActor[c.actor], c.url)
			}
		}
	}
	paths := map[cellKey]string{}
	var mu sync.Mutex
	_ = each(ctx, t.Workers, sortedKeys(byActor), func(ctx context.Context, actor string) error {
		v, err := t.Browser.Viewer(ctx, actor)
		if err != nil {
			return nil // evidence is best effort: the finding stands without it
		}
		defer v.Close()
		for _, u := range byActor[actor] {
			if rel := shoot(ctx, v, t.BaseURL, u, run); rel != "" {
				mu.Lock()
				paths[cellKey{u, actor}] = rel
				mu.Unlock()
			}
		}
		return nil
	})
	out := map[cellKey][]string{}
	for _, f := range findings {
		k := cellKey{f.URL, f.Actor}
		for _, c := range []cellKey{k, {f.URL, f.Reference}} {
			if p := paths[c]; p != "" && !slices.Contains(out[k], p) {
				out[k] = append(out[k], p)
			}
		}
	}
	return out
}

// shoot loads u in v and files its screenshot; "" when either failed.
func shoot(ctx context.Context, v *driver.Viewer, base, u string, run *rundir.Run) string {
	if _, err := v.View(ctx, base+u); err != nil {
		return ""
	}
	png, err := v.Screenshot(ctx)
	if err != nil {
		return ""
	}
	rel, err := run.Screenshot("discover-"+v.Actor, u, png)
	if err != nil {
		return ""
	}
	return rel
}

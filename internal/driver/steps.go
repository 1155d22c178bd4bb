package driver

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/proofrun/proofrun/internal/scenario"
)

// executor runs one kind of step. settle: the step can trigger a Livewire
// update, so the run waits for Livewire idle after it.
type executor struct {
	run    func(ctx context.Context, r *run, a scenario.Args) error
	settle bool
}

// executors is the step registry: one entry per kind of scenario.StepKinds
// but include, which the loader splices away.
var executors = map[string]executor{
	"visit":      {run: visit, settle: true},
	"request":    {run: request},
	"expect":     {run: expectLocation},
	"login":      {run: login, settle: true},
	"actor":      {run: switchActor},
	"click":      {run: clickStep, settle: true},
	"fill":       {run: fillStep, settle: true},
	"select":     {run: selectStep, settle: true},
	"check":      {run: checkStep, settle: true},
	"action":     {run: action},
	"modal":      {run: modal},
	"confirm":    {run: confirm, settle: true},
	"cancel":     {run: cancelModal, settle: true},
	"invoke":     {run: invoke},
	"see":        {run: see},
	"dont_see":   {run: dontSee},
	"see_in":     {run: seeIn},
	"count":      {run: count},
	"assert":     {run: assert},
	"screenshot": {run: screenshot},
}

// describe renders a step built in code (no Source) for labels and logs.
func describe(st scenario.Step) string {
	b, err := json.Marshal(st.Args)
	if err != nil || string(b) == "{}" {
		return st.Kind
	}
	return st.Kind + ": " + strings.ReplaceAll(string(b), `"`, "")
}

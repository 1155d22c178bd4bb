package driver_test

import (
	"context"
	"fmt"

	"github.com/proofrun/proofrun/internal/driver"
	"github.com/proofrun/proofrun/internal/scenario"
)

// Scenarios are built in code, steps rendered the way the loader writes
// Source.

func scen(actor string, steps ...scenario.Step) *scenario.Scenario {
	return &scenario.Scenario{ID: "test", Actor: actor, Steps: steps}
}

func step(kind string, a scenario.Args, source string) scenario.Step {
	return scenario.Step{Kind: scenario.Kind(kind), Args: a, Source: kind + ": " + source, Pos: scenario.Pos{File: "t.yaml", Line: 1}}
}

func visit(path string) scenario.Step { return step("visit", &driver.VisitArgs{Path: path}, path) }

func visitStatus(path string, status int) scenario.Step {
	return step("visit", &driver.VisitArgs{Path: path, Status: scenario.Status(status)}, fmt.Sprintf("{path: %s, status: %d}", path, status))
}

func see(text string) scenario.Step { return step("see", &driver.SeeArgs{Text: text}, text) }

func dontSee(text string) scenario.Step {
	return step("dont_see", &driver.DontSeeArgs{Text: text}, text)
}

func act(label, row, expect string) scenario.Step {
	return step("action", &driver.ActionArgs{Label: label, Row: row, Expect: expect}, label)
}

// bulk is a bulk action step: select row (every row when ""), then label.
func bulk(label, row, expect string) scenario.Step {
	return step("action", &driver.ActionArgs{Label: label, Row: row, Bulk: true, Expect: expect}, "bulk "+label)
}

func modalOpen(heading string) scenario.Step {
	return step("modal", &driver.ModalArgs{Heading: heading}, "{heading: "+heading+"}")
}

func modalClosed() scenario.Step {
	return step("modal", &driver.ModalArgs{Expect: "closed"}, "{expect: closed}")
}

func confirm() scenario.Step { return step("confirm", &driver.ConfirmArgs{}, "{}") }

func cancel() scenario.Step { return step("cancel", &driver.CancelArgs{}, "{}") }

func count(selector, as string) scenario.Step {
	return step("count", &driver.CountArgs{Selector: selector, As: as}, "{selector: "+selector+", as: "+as+"}")
}

func assert(expr string) scenario.Step { return step("assert", &driver.AssertArgs{Expr: expr}, expr) }

// run runs a scenario on b (default: the suite's browser) with in-memory
// artefacts.
func run(sc *scenario.Scenario, b ...*driver.Browser) (driver.Outcome, *shots) {
	br := browser
	if len(b) > 0 {
		br = b[0]
	}
	art := &shots{}
	return br.Run(context.Background(), sc, art), art
}

package driver

import (
	"context"

	"github.com/proofrun/proofrun/internal/scenario"
)

// ClickArgs are click's arguments.
type ClickArgs struct {
	Text     string `yaml:"text"` // the element's whole name
	Selector string `yaml:"selector"`
	Row      string `yaml:"row"`       // the table row one of whose cells reads this
	Match    string `yaml:"match"`     // how text matches: exact (default), contains, regex
	RowMatch string `yaml:"row_match"` // how row matches a cell: exact (default), contains, regex
}

func init() {
	register(scenario.Def{
		Kind: "click", Doc: "click the one element named text (exactly, unless match says otherwise) or matching selector, in the one row named row; never re-clicks on its own",
		Shorthand: "text", Required: []string{"text|selector"},
		Enums: map[string][]string{"match": matchModes, "row_match": matchModes},
	}, traits{settle: true}, clickStep)
}

// Check compiles text and row when they are regexes.
func (a *ClickArgs) Check(c *scenario.Check) {
	checkMatch(c, "text", a.Text, a.Match, a.Row, a.RowMatch)
}

// clickStep clicks the one element named text or matching selector (inside
// the one table row named row when set), once.
func clickStep(ctx context.Context, r *run, a *ClickArgs) error {
	el, err := r.find(ctx, "nothing to click", "clickable", a.Text, a.Selector, a.Row, a.Match, a.RowMatch)
	if err != nil {
		return err
	}
	return click(ctx, el)
}

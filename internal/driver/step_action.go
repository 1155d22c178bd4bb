package driver

import (
	"context"
	"fmt"

	"github.com/proofrun/proofrun/internal/scenario"
)

// ActionArgs are action's arguments.
type ActionArgs struct {
	Label string `yaml:"label"` // the button's whole name
	Row   string `yaml:"row"`   // the table row one of whose cells reads this (bulk: the row to select)
	// Bulk: a table bulk action, run on the row (default: every row)
	// selected first.
	Bulk     bool   `yaml:"bulk"`
	Expect   string `yaml:"expect"`    // assert the state instead of clicking
	Match    string `yaml:"match"`     // how label matches: exact (default), contains, regex
	RowMatch string `yaml:"row_match"` // how row matches a cell: exact (default), contains, regex
}

func init() {
	register(scenario.Def{
		Kind: "action", Doc: "press the one Filament action button named label (header, record, the row named row, or bulk after selecting rows), or assert its state with expect",
		Shorthand: "label", Required: []string{"label"},
		Enums: map[string][]string{"expect": {"enabled", "disabled", "hidden"}, "match": matchModes, "row_match": matchModes},
	}, traits{}, action)
}

// Check compiles label and row when they are regexes.
func (a *ActionArgs) Check(c *scenario.Check) {
	checkMatch(c, "label", a.Label, a.Match, a.Row, a.RowMatch)
}

// actionState is dom.js's view of an action button.
type actionState struct {
	State string `json:"state"` // enabled, disabled, hidden; unknown: no single row or button to judge
	Why   string `json:"why"`   // why it counts as hidden, or why it cannot be told
}

// stateUnknown is an action whose state cannot be told (no row of that name,
// several buttons of that name): never taken for hidden.
const stateUnknown = "unknown"

func (s actionState) String() string {
	if s.Why != "" {
		return s.State + " (" + s.Why + ")"
	}
	return s.State
}

// action presses a Filament action button once, or with expect asserts its
// state without clicking. A click that opens no modal, navigates nowhere and
// changes nothing on the page fails: that is spec 363's first-click proof.
func action(ctx context.Context, r *run, a *ActionArgs) error {
	name := fmt.Sprintf("action %q", a.Label)
	switch {
	case a.Bulk && a.Row != "":
		name = fmt.Sprintf("bulk %s on the row named %q", name, a.Row)
	case a.Bulk:
		name = "bulk " + name + " on every row"
	case a.Row != "":
		name += fmt.Sprintf(" in the row named %q", a.Row)
	}
	if a.Expect != "" {
		return expectAction(ctx, r, a, name)
	}
	var st actionState
	err := poll(ctx, func() (bool, error) {
		var err error
		if st, err = r.actionState(ctx, a); err != nil {
			return false, err
		}
		switch st.State {
		case "enabled":
			return true, nil
		case "disabled":
			return true, fmt.Errorf("%s is disabled", name)
		case stateUnknown:
			return false, fmt.Errorf("%s: %s", name, st.Why)
		}
		return false, fmt.Errorf("%s is %s", name, st)
	})
	if err != nil {
		return err
	}
	el, why, err := r.tab.pick(ctx, "actionElement", a.Label, actionRow(a), a.Match, a.RowMatch)
	if err != nil {
		return err
	}
	if el == nil {
		return fmt.Errorf("%s disappeared before the click: %s", name, why)
	}
	before, err := r.mark(ctx)
	if err != nil {
		return err
	}
	if err := click(ctx, el); err != nil {
		return err
	}
	if err := r.idle(ctx); err != nil {
		return err
	}
	after, err := r.mark(ctx)
	if err != nil {
		return err
	}
	if after == before {
		return fmt.Errorf("clicking %s changed nothing visible: no modal opened, no navigation, no change on the page", name)
	}
	return nil
}

// actionState looks the action up. A bulk action is looked for after
// selecting a.Row's record (every record on the page when no row is named)
// and opening the bulk actions dropdown; it is done on every look, since a
// re-render may drop the selection. A table without record selection offers
// no bulk action: hidden.
func (r *run) actionState(ctx context.Context, a *ActionArgs) (actionState, error) {
	var st actionState
	if a.Bulk {
		box, why, err := r.tab.pick(ctx, "selectionCheckbox", a.Row, a.RowMatch)
		if err != nil {
			return st, err
		}
		if box == nil {
			// A table without record selection offers no bulk action; a
			// row that is not there says nothing about the action.
			state := "hidden"
			if a.Row != "" {
				state = stateUnknown
			}
			return actionState{State: state, Why: why}, nil
		}
		if err := setChecked(ctx, box, true, "the selection checkbox"); err != nil {
			return st, err
		}
		trigger, err := r.tab.element(ctx, "bulkTrigger", a.Label, a.Match)
		if err == nil && trigger != nil {
			err = click(ctx, trigger)
		}
		if err != nil {
			return st, err
		}
	}
	err := r.tab.call(ctx, &st, "action", a.Label, actionRow(a), a.Match, a.RowMatch)
	return st, err
}

// actionRow is the row an action button is in: a bulk action's row is the
// one it selects, and the button is in the bulk actions dropdown.
func actionRow(a *ActionArgs) string {
	if a.Bulk {
		return ""
	}
	return a.Row
}

// expectAction asserts an action's state. A missing button or row may
// still render, so hidden and unknown are retried; a visible button in the
// wrong state fails at once. Unknown (no such row, several buttons of that
// name) never proves hidden.
func expectAction(ctx context.Context, r *run, a *ActionArgs, name string) error {
	return poll(ctx, func() (bool, error) {
		st, err := r.actionState(ctx, a)
		if err != nil {
			return false, err
		}
		switch {
		case st.State == stateUnknown:
			return false, fmt.Errorf("%s: %s", name, st.Why)
		case st.State == a.Expect:
			return true, nil
		}
		err = fmt.Errorf("%s is %s, expected %s", name, st, a.Expect)
		return st.State != "hidden", err
	})
}

// mark is where the page stands, to tell whether a click changed anything
// visible.
type mark struct {
	Href    string `json:"href"`
	Modal   bool   `json:"modal"`
	Dialogs int    `json:"dialogs"` // open <dialog>s, such as Livewire's error dialog
	Text    int    `json:"text"`    // hash of the visible text
	Docs    int    `json:"-"`       // document responses so far
}

func (r *run) mark(ctx context.Context) (mark, error) {
	var m mark
	err := r.tab.call(ctx, &m, "mark")
	m.Docs = r.tab.watch.Document().Seq
	return m, err
}

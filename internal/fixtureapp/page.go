package fixtureapp

import (
	"fmt"
	"strings"
)

// page is one resolved, authorized page: what to render and which actions
// (header and row) the component offers. It is rebuilt on every page load
// and every update, so authorization is always checked against live state.
type page struct {
	Name        string // Livewire component name
	Title       string
	Heading     string
	Subheading  string
	Breadcrumbs []link
	Nav         []link
	Actions     []*action // header actions, in display order
	Blocks      []block
	rows        []*action // row actions (also reachable through Blocks)
	save        func(u *update) error
	Login       bool // the sign-in page (a guest component, simple layout)
}

type link struct {
	Label, Href string
	Active      bool
}

// note is a Filament notification.
type note struct {
	Title  string `json:"title"`
	Body   string `json:"body,omitempty"`
	Status string `json:"status"` // success, danger, warning, info
}

// action is a Filament action bound to a page (and a table row when
// RecordKey is set). Capability gating: Denied actions are rendered hidden or
// disabled (HideDenied picks) and answer 403 when invoked directly.
type action struct {
	Name      string
	Label     string
	Color     string // primary, danger, gray, warning, success
	RecordKey string
	Href      string // a link action: navigates, never mounts
	Group     string // context flag for direct invocation: "table" for row actions
	Denied    bool   // the actor lacks the capability
	DenyTip   string // tooltip when Denied and not hidden
	Hidden    bool   // never rendered (denied with HideDenied, or not applicable)
	Blocked   string // disabled by state (stale preview, missing context...): tooltip and mount refusal
	Modal     *modal // nil: runs on mount
	NoRecord  bool   // a spec 363 no-record action (first-click-miss applies)
	Bulk      bool   // a table bulk action: runs on the selected records
	Run       func(u *update, m *mounted) error
}

// modal is a confirmation modal; ConfirmValue set adds a typed confirmation.
type modal struct {
	Heading      string
	Description  string
	Submit       string
	Color        string
	ConfirmLabel string
	ConfirmValue string
}

// Disabled reports whether the rendered button is disabled.
func (a *action) Disabled() bool { return a.Blocked != "" || a.Denied }

// Tooltip is the reason a disabled button carries in title and x-tooltip.
func (a *action) Tooltip() string {
	if a.Blocked != "" {
		return a.Blocked
	}
	if a.Denied {
		return a.DenyTip
	}
	return ""
}

// Call is the wire:click expression, Filament 4/5 style.
func (a *action) Call() string {
	if a.RecordKey != "" {
		return fmt.Sprintf("mountAction('%s', {}, {table: true, recordKey: '%s'})", a.Name, a.RecordKey)
	}
	if a.Bulk {
		return fmt.Sprintf("mountAction('%s', {}, {table: true, bulk: true})", a.Name)
	}
	return fmt.Sprintf("mountAction('%s')", a.Name)
}

// deny marks a as lacking capability; hide chooses hidden over disabled.
func (a *action) deny(denied, hide bool, tip string) *action {
	if denied {
		a.Denied = true
		a.DenyTip = tip
		a.Hidden = hide
	}
	return a
}

// block is one section of a page body.
type block struct {
	Kind    string // entries, table, alert, form, wizard, links, actions
	Heading string
	Entries []entry
	Table   *table
	Alert   *alert
	Form    *form
	Wizard  *wizard
	Links   []link
	Actions []*action // Kind "actions": inline action buttons
}

type entry struct {
	Label string
	Value cell
}

// cell is a value: plain text, a badge (Badge = colour) or a link.
type cell struct {
	Text, Badge, Href string
}

type table struct {
	Columns []string
	Rows    []row
	Empty   string
	Bulk    []*action // bulk actions; also listed in page.rows
}

// Selectable reports whether rows get selection checkboxes: Filament shows
// them only when the actor sees a bulk action.
func (t *table) Selectable() bool {
	for _, a := range t.Bulk {
		if !a.Hidden {
			return true
		}
	}
	return false
}

type row struct {
	Key     string
	Cells   []cell
	Actions []*action
}

type alert struct {
	Color, Title, Text string
}

type form struct {
	Fields []field
	Method string // the component method the form submits ("save", "authenticate")
	Submit string // label of the submit button
	Cancel string // href of the Cancel link
}

type field struct {
	ID, Label, Type, Value, Help string // Type: text, email, password, select; ID doubles as wire:model
	Options                      []option
}

// DOMID is the element id: Filament renders the state path data.x as id form.x.
func (f field) DOMID() string { return "form." + strings.TrimPrefix(f.ID, "data.") }

type option struct {
	Value, Label string
}

type wizard struct {
	Steps   []string
	Current int
	Body    []block
	Back    bool
	Next    bool
	NextTip string // Next disabled with this tooltip (blocked readiness)
}

// status words -> badge colours (canonical vocabulary plus result words).
var badgeColor = map[string]string{
	"Ready": "success", "Completed": "success", "Granted": "success",
	"Needs attention": "warning", "Partial": "warning", "Stale": "warning",
	"Blocked": "danger", "Failed": "danger", "Expired": "danger", "Conflict": "danger", "Missing": "danger",
	"Running":        "info",
	"Not configured": "gray", "Unknown": "gray", "Historical": "gray", "Superseded": "gray",
}

func badge(word string) cell {
	c, ok := badgeColor[word]
	if !ok {
		c = "gray"
	}
	return cell{Text: word, Badge: c}
}

func text(s string) cell         { return cell{Text: s} }
func linkTo(s, href string) cell { return cell{Text: s, Href: href} }

// Package profile is what proofrun knows about the admin-panel kit it
// drives: how a panel signs in, where its tables, rows, actions, modals,
// notifications, tabs and form fields are, how Livewire's update endpoint is
// found and called, and which DOM signals the monitors watch. The driver and
// the monitors read every kit-specific name from a Profile (the page scripts
// receive Script as their argument), so another kit or version is a new
// profile, not edits across the driver.
package profile

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Profile is one panel kit and version.
type Profile struct {
	Name     string
	Login    Login
	Livewire Livewire
	DOM      DOM
}

// Login is how a panel's sign-in form is filled and submitted.
type Login struct {
	EmailLabel     string // the email field's label
	PasswordLabel  string // the password field's label
	Submit         string // the sign-in button's text
	SubmitSelector string // where the sign-in button is looked for
}

// Livewire is how the page's Livewire components are found and updated.
// The JSON names are what steps_invoke.go's and page.js's scripts read.
type Livewire struct {
	// Component marks a component's root; SnapshotAttr holds its snapshot.
	Component    string `json:"component"`
	SnapshotAttr string `json:"snapshotAttr"`
	// UpdateURI marks the element whose UpdateURIAttr names the update
	// endpoint; CSRF the one whose CSRFAttr holds the CSRF token.
	UpdateURI     string `json:"updateURI"`
	UpdateURIAttr string `json:"updateURIAttr"`
	CSRF          string `json:"csrf"`
	CSRFAttr      string `json:"csrfAttr"`
	// UpdatePath matches the default update endpoint's path (a regular
	// expression): how auto-detection tells Livewire versions apart.
	UpdatePath *regexp.Regexp `json:"-"`
	// Header marks an update request.
	Header string `json:"updateHeader"`
	// MountedAction is the component method that runs the action an
	// earlier call mounted (invoke's call: true).
	MountedAction string `json:"-"`
	// ErrorDialog is the id of the dialog Livewire shows a failed update's
	// error page in.
	ErrorDialog string `json:"errorDialog"`
	// InitEvents are the document events after which window.Livewire
	// takes hooks (page.js hooks its commits there).
	InitEvents []string `json:"initEvents"`
}

// DOM holds the selectors (and the few texts and patterns) the page
// scripts use. JSON names are the keys the scripts read.
type DOM struct {
	// Tables: rows (RowFallback when the page shows none of Row), the cells
	// that name a row, the selection checkboxes and the bulk actions.
	Row            string `json:"row"`
	RowFallback    string `json:"rowFallback"`
	Cell           string `json:"cell"`
	RecordCheckbox string `json:"recordCheckbox"`
	PageCheckbox   string `json:"pageCheckbox"`
	BulkTrigger    string `json:"bulkTrigger"`
	BulkLabel      string `json:"bulkLabel"` // the bulk actions trigger's name, where BulkNamed elements are looked for it
	BulkNamed      string `json:"bulkNamed"`
	BulkArea       string `json:"bulkArea"` // the bulk actions dropdown
	BulkItem       string `json:"bulkItem"` // an item of it
	// Actions: the elements that can be an action, the header and page
	// areas and the buttons found there, a label inside a button, and the
	// class of a disabled one.
	Action       string `json:"action"`
	ActionButton string `json:"actionButton"`
	ActionLabel  string `json:"actionLabel"`
	Header       string `json:"header"`
	Heading      string `json:"heading"`
	PageContent  string `json:"pageContent"`
	Disabled     string `json:"disabled"`
	// Modals: the open one's root, its window (the root has zero height),
	// heading and footer buttons; ModalClose matches (as a regular
	// expression) the attributes and text of the footer button that closes
	// it (cancel).
	Modal        string `json:"modal"`
	ModalAny     string `json:"modalAny"` // any modal, open or not
	ModalWindow  string `json:"modalWindow"`
	ModalHeading string `json:"modalHeading"`
	ModalFooter  string `json:"modalFooter"`
	ModalClose   string `json:"modalClose"`
	// Navigation: where links repeat action labels, and its parts.
	Navigation  string `json:"navigation"`
	Sidebar     string `json:"sidebar"`
	Topbar      string `json:"topbar"`
	Tabs        string `json:"tabs"`
	Tab         string `json:"tab"`
	Pagination  string `json:"pagination"`
	Breadcrumbs string `json:"breadcrumbs"`
	// Partial marks page parts Livewire renders lazily.
	Partial string `json:"partial"`
	// Clickable is what a click step looks among; Field a form control.
	Clickable string `json:"clickable"`
	Field     string `json:"field"`
	// Notifications and errors: a login's refusal, a failed page load.
	ErrorMessage      string `json:"errorMessage"`
	Notification      string `json:"notification"`
	NotificationError string `json:"notificationError"` // regular expression, case-insensitive
}

// Auto is the target.profile value that detects the profile from the page.
const Auto = "auto"

// Fallback is the profile of a target whose kit auto-detection cannot tell.
const Fallback = "filament5"

// filament is Filament 4's and 5's shared knowledge: version 5 renders the
// same classes and differs in its Livewire (4 instead of 3).
func filament(name string, lw Livewire) *Profile {
	const action = ".fi-ac-action, .fi-ac > button, .fi-ac > a, .fi-ac-btn-action, .fi-ac-icon-btn-action, .fi-ac-link-action"
	return &Profile{
		Name: name,
		Login: Login{
			EmailLabel: "Email address", PasswordLabel: "Password",
			Submit: "Sign in", SubmitSelector: "button, input[type=submit]",
		},
		Livewire: lw,
		DOM: DOM{
			Row:               ".fi-ta-row, .fi-ta-record",
			RowFallback:       "tbody tr",
			Cell:              "td, th, .fi-ta-cell, .fi-ta-col",
			RecordCheckbox:    ".fi-ta-record-checkbox, input[type=checkbox]",
			PageCheckbox:      ".fi-ta-page-checkbox, thead input[type=checkbox]",
			BulkTrigger:       ".fi-ta-bulk-actions button, .fi-ta-bulk-actions [role=button]",
			BulkLabel:         "Bulk actions",
			BulkNamed:         "button, [role=button]",
			BulkArea:          ".fi-ta-bulk-actions",
			BulkItem:          ".fi-ta-bulk-actions .fi-dropdown-list-item",
			Action:            "button, a, [role=button], [role=menuitem]",
			ActionButton:      action,
			ActionLabel:       ".fi-btn-label, .fi-dropdown-list-item-label, .fi-link-label",
			Header:            ".fi-header",
			Heading:           ".fi-header-heading",
			PageContent:       ".fi-page-content",
			Disabled:          "fi-disabled",
			Modal:             ".fi-modal.fi-modal-open[role=dialog]",
			ModalAny:          ".fi-modal",
			ModalWindow:       ".fi-modal-window",
			ModalHeading:      ".fi-modal-heading",
			ModalFooter:       ".fi-modal-footer-actions button, .fi-modal-footer-actions a",
			ModalClose:        "close|unmount|cancel",
			Navigation:        ".fi-sidebar, .fi-topbar, .fi-breadcrumbs, nav",
			Sidebar:           ".fi-sidebar-nav, .fi-sidebar",
			Topbar:            ".fi-topbar",
			Tabs:              ".fi-tabs",
			Tab:               "[role=tab]",
			Pagination:        ".fi-pagination",
			Breadcrumbs:       ".fi-breadcrumbs",
			Partial:           `[wire\:partial]`,
			Clickable:         `button, a, [role=button], [role=menuitem], [role=link], input[type=submit], input[type=button], summary, label, [wire\:click], [x-on\:click], [onclick]`,
			Field:             "input, select, textarea, [role=switch], [role=checkbox]",
			ErrorMessage:      "[data-validation-error], .fi-fo-field-wrp-error-message, .fi-no-notification-title, .fi-no-notification, [role=alert], .invalid-feedback",
			Notification:      ".fi-no-notification",
			NotificationError: "error while loading page",
		},
	}
}

// livewire is Livewire 3's and 4's shared protocol; they differ in the
// update endpoint's default path.
func livewire(updatePath *regexp.Regexp) Livewire {
	return Livewire{
		Component: `[wire\:snapshot]`, SnapshotAttr: "wire:snapshot",
		UpdateURI: "[data-update-uri]", UpdateURIAttr: "data-update-uri",
		CSRF: "[data-csrf]", CSRFAttr: "data-csrf",
		UpdatePath:    updatePath,
		Header:        "X-Livewire",
		MountedAction: "callMountedAction",
		ErrorDialog:   "livewire-error",
		InitEvents:    []string{"livewire:init", "livewire:initialized"},
	}
}

// profiles are the known profiles by name: Filament 4 runs on Livewire 3
// (update endpoint /livewire/update), Filament 5 on Livewire 4 (an
// installation-specific /livewire-HASH/update).
var profiles = map[string]func() *Profile{
	"filament4": func() *Profile { return filament("filament4", livewire(livewire3Update)) },
	"filament5": func() *Profile { return filament("filament5", livewire(livewire4Update)) },
}

// The default update endpoints of Livewire 3 and 4.
var (
	livewire3Update = regexp.MustCompile(`^/livewire/update$`)
	livewire4Update = regexp.MustCompile(`^/livewire-[0-9a-f]+/update$`)
)

// Names lists the known profiles.
func Names() []string {
	names := make([]string, 0, len(profiles))
	for n := range profiles {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Settings lists the values target.profile accepts.
func Settings() []string { return append([]string{Auto}, Names()...) }

// Named is the profile called name (a fresh copy: callers may not share
// changes).
func Named(name string) (*Profile, error) {
	p, ok := profiles[name]
	if !ok {
		return nil, fmt.Errorf("unknown profile %q (one of: %s)", name, strings.Join(Settings(), ", "))
	}
	return p(), nil
}

// Default is the fallback profile.
func Default() *Profile {
	p, _ := Named(Fallback)
	return p
}

// Script is the object the page scripts (dom.js, page.js, discover.js and
// the invoke scripts) receive: the DOM selectors and the Livewire protocol,
// as a JavaScript literal.
func (p *Profile) Script() string {
	out, _ := json.Marshal(struct { // strings and string lists only: it cannot fail
		DOM
		Livewire
	}{p.DOM, p.Livewire})
	return string(out)
}

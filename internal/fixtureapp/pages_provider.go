package fixtureapp

import (
	"fmt"
	"strconv"
)

// secretMask is what every page shows instead of a client secret.
const secretMask = "••••••••"

const noProviderPermission = "You do not have permission to manage provider connections."

func (u *update) providerHref(p *Provider) string {
	return u.envPath() + "/provider-connections/" + strconv.Itoa(p.ID)
}

// providerStatus: a disabled connection is Not configured whatever it was.
func providerStatus(p *Provider) (status, reason string) {
	if p.Disabled {
		return "Not configured", "Connection disabled."
	}
	return p.Status, p.Reason
}

func granted(p *Provider) string {
	n := 0
	for _, perm := range p.Permissions {
		if perm.Granted {
			n++
		}
	}
	return fmt.Sprintf("%d of %d granted", n, len(p.Permissions))
}

func providersPage(u *update) *page {
	p := &page{Name: "provider-connections.list", Title: "Provider connections", Heading: "Provider connections", Subheading: u.env.Name}
	t := &table{Columns: []string{"Name", "Status", "Last verified", "Permissions"}, Empty: "No provider connections"}
	for _, pr := range inEnv(u.f().Providers, u.env.Key) {
		status, _ := providerStatus(pr)
		t.Rows = append(t.Rows, row{Key: strconv.Itoa(pr.ID), Cells: []cell{linkTo(pr.Name, u.providerHref(pr)), badge(status), text(pr.LastVerified), text(granted(pr))}})
	}
	p.Blocks = []block{{Kind: "table", Table: t}}
	return p
}

// providerPage is the view page. Verify is disabled with a tooltip without
// provider.manage; Edit and Disable are hidden; all three answer 403 on
// direct invocation.
func providerPage(u *update, id string) (*page, error) {
	pr, ok := byID(u.f().Providers, u.env.Key, id)
	if !ok {
		return nil, errNotFound
	}
	href := u.providerHref(pr)
	manage := u.can("provider.manage")
	status, reason := providerStatus(pr)
	p := &page{Name: "provider-connections.view", Title: pr.Name, Heading: pr.Name, Subheading: u.env.Name,
		Breadcrumbs: []link{{Label: "Provider connections", Href: u.envPath() + "/provider-connections"}, {Label: pr.Name}}}
	verify := (&action{Name: "verify", Label: "Verify connection", Color: "primary",
		Modal: &modal{Heading: "Verify connection", Submit: "Verify", Color: "primary",
			Description: fmt.Sprintf("Checks the credentials and permissions of %s against Microsoft Entra.", pr.Name)},
		Run: func(u *update, _ *mounted) error {
			op := u.startOperation("Provider verification", "Verification of "+pr.Name+" queued.", "Provider connection verification started", pr.Name, href)
			u.notify("success", "Verification queued", "Operation run #"+strconv.Itoa(op.ID)+" is running.")
			return nil
		}}).deny(!manage, false, noProviderPermission)
	if pr.Disabled {
		verify.Blocked = "The connection is disabled."
	}
	edit := (&action{Name: "edit", Label: "Edit", Color: "gray", Href: href + "/edit"}).deny(!manage, true, "")
	disable := (&action{Name: "disable", Label: "Disable", Color: "danger",
		Modal: &modal{Heading: "Disable connection", Submit: "Disable", Color: "danger",
			Description: fmt.Sprintf("Backups, restores and syncs that use %s stop until it is enabled again.", pr.Name)},
		Run: func(u *update, _ *mounted) error {
			pr.Disabled = true
			u.audit("Provider connection disabled", pr.Name)
			u.notify("success", "Connection disabled", "")
			return nil
		}}).deny(!manage, true, "")
	disable.Hidden = disable.Hidden || pr.Disabled
	p.Actions = []*action{verify, edit, disable}
	secret := secretMask
	if u.fault("credential-leak") {
		secret = pr.ClientSecret
	}
	p.Blocks = []block{
		{Kind: "entries", Heading: "Readiness", Entries: []entry{{"Status", badge(status)}, {"Reason", text(reason)},
			{"Next action", text(pr.NextAction)}, {"Last verified", text(pr.LastVerified)}, {"Permissions", text(granted(pr))}}},
		{Kind: "entries", Heading: "Credentials", Entries: []entry{{"Client ID", text(pr.ClientID)}, {"Client secret", text(secret)}}},
		{Kind: "links", Heading: "Details", Links: []link{{Label: "Required permissions", Href: href + "/required-permissions"}}},
	}
	return p, nil
}

// providerEditPage needs provider.manage (403 otherwise). The secret field
// is always empty: a new value replaces the secret, blank keeps it.
func providerEditPage(u *update, id string) (*page, error) {
	pr, ok := byID(u.f().Providers, u.env.Key, id)
	if !ok {
		return nil, errNotFound
	}
	if !u.can("provider.manage") {
		return nil, errForbidden
	}
	href := u.providerHref(pr)
	if _, ok := u.data["data"]; !ok {
		u.data["data"] = map[string]any{"name": pr.Name, "client_id": pr.ClientID, "client_secret": ""}
	}
	f := &form{Method: "save", Submit: "Save changes", Cancel: href, Fields: []field{
		{ID: "data.name", Label: "Display name", Type: "text", Value: str(u.data, "data.name")},
		{ID: "data.client_id", Label: "Client ID", Type: "text", Value: str(u.data, "data.client_id")},
		{ID: "data.client_secret", Label: "Client secret", Type: "password", Help: "Leave blank to keep the current secret."},
	}}
	p := &page{Name: "provider-connections.edit", Title: "Edit " + pr.Name, Heading: "Edit " + pr.Name, Subheading: u.env.Name,
		Breadcrumbs: []link{{Label: "Provider connections", Href: u.envPath() + "/provider-connections"}, {Label: pr.Name, Href: href}, {Label: "Edit"}},
		Blocks:      []block{{Kind: "form", Form: f}}}
	p.save = func(u *update) error {
		name := str(u.data, "data.name")
		if name == "" {
			u.errors["data.name"] = "The display name field is required."
			return nil
		}
		pr.Name, pr.ClientID = name, str(u.data, "data.client_id")
		if s := str(u.data, "data.client_secret"); s != "" {
			pr.ClientSecret = s
		}
		setPath(u.data, "data.client_secret", "") // never echo a secret back in the snapshot
		u.audit("Provider connection updated", pr.Name)
		u.notify("success", "Saved", "")
		u.redirect = href
		return nil
	}
	return p, nil
}

// permissionsPage is the required-permissions page of one connection.
func permissionsPage(u *update, id string) (*page, error) {
	pr, ok := byID(u.f().Providers, u.env.Key, id)
	if !ok {
		return nil, errNotFound
	}
	status, reason := providerStatus(pr)
	p := &page{Name: "provider-connections.required-permissions", Title: "Required permissions", Heading: "Required permissions", Subheading: pr.Name,
		Breadcrumbs: []link{{Label: "Provider connections", Href: u.envPath() + "/provider-connections"}, {Label: pr.Name, Href: u.providerHref(pr)}, {Label: "Required permissions"}}}
	t := &table{Columns: []string{"Permission", "Type", "Status", "Detail"}, Empty: "No required permissions"}
	for i, perm := range pr.Permissions {
		st, detail := "Ready", "Granted"
		if !perm.Granted {
			st, detail = "Needs attention", "Missing"
		}
		t.Rows = append(t.Rows, row{Key: strconv.Itoa(i + 1), Cells: []cell{text(perm.Name), text("Application"), badge(st), text(detail)}})
	}
	p.Blocks = []block{
		{Kind: "entries", Heading: "Readiness", Entries: []entry{{"Status", badge(status)}, {"Reason", text(reason)}, {"Next action", text(pr.NextAction)}, {"Last verified", text(pr.LastVerified)}}},
		{Kind: "table", Heading: "Permissions", Table: t},
	}
	return p, nil
}

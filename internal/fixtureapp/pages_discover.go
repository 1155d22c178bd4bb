package fixtureapp

// The faults proofrun discover is built to find, which no hand-written
// scenario of the pack covers:
//
//   - unlinked-page: an environment "Diagnostics" page missing from the
//     sidebar (linked only from the dashboard body) that skips the membership
//     check: every admin user of any workspace is served it.
//   - existence-leak: a backup run of another workspace answers 403 instead
//     of 404, telling a non-member that the record exists.

// DiscoverOnlyFaults are the faults no scenario of the pack is meant to
// catch: a page nobody wrote a scenario for. Only proofrun discover finds
// them (e2e "found by discover"); the pack's defect suite leaves them out.
var DiscoverOnlyFaults = []string{"unlinked-page"}

// faultPage serves what the discover faults break, before the membership
// check; ok is false when no fault applies.
func faultPage(u *update, rest []string, member bool) (*page, bool, error) {
	switch {
	case u.fault("unlinked-page") && len(rest) == 1 && rest[0] == "diagnostics":
		p := &page{Name: "environments.diagnostics", Title: "Diagnostics", Heading: u.env.Name + " diagnostics",
			Subheading: u.ws.Name + " · Managed environment",
			Blocks: []block{{Kind: "entries", Heading: "Environment", Entries: []entry{
				{"Workspace", text(u.ws.Name)}, {"Environment", text(u.env.Name)}, {"Provider connections", text("Microsoft Graph")}}}}}
		p.Nav = envNav(u, rest)
		return p, true, nil
	case u.fault("existence-leak") && !member && len(rest) == 2 && rest[0] == "backup-runs":
		if _, found := byID(u.f().BackupRuns, u.env.Key, rest[1]); found {
			return nil, true, errForbidden
		}
	}
	return nil, false, nil
}

// faultLinks adds the dashboard's link to the unlinked-page fault's page.
func faultLinks(u *update, rest []string, p *page) {
	if u.fault("unlinked-page") && len(rest) == 0 {
		p.Blocks = append(p.Blocks, block{Kind: "links", Heading: "Support", Links: []link{{Label: "Diagnostics", Href: u.envPath() + "/diagnostics"}}})
	}
}

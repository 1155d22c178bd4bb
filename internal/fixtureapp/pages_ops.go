package fixtureapp

import "strconv"

func (u *update) operationHref(op *Operation) string {
	return u.envPath() + "/operations/" + strconv.Itoa(op.ID)
}

// operationsPage lists the environment's OperationRuns, newest first, one
// .fi-ta-row each (scenarios count them).
func operationsPage(u *update) *page {
	p := &page{Name: "operations.list", Title: "Operations", Heading: "Operations", Subheading: u.env.Name}
	t := &table{Columns: []string{"Run", "Type", "Status", "Started by", "Started"}, Empty: "No operations"}
	for _, op := range newestFirst(u.f().Operations, u.env.Key) {
		t.Rows = append(t.Rows, row{Key: strconv.Itoa(op.ID), Cells: []cell{linkTo("#"+strconv.Itoa(op.ID), u.operationHref(op)),
			text(op.Type), badge(op.Status), text(op.Actor), text(op.Started)}})
	}
	p.Blocks = []block{{Kind: "table", Table: t}}
	return p
}

func operationPage(u *update, id string) (*page, error) {
	op, ok := byID(u.f().Operations, u.env.Key, id)
	if !ok {
		return nil, errNotFound
	}
	name := "Operation run #" + strconv.Itoa(op.ID)
	p := &page{Name: "operations.view", Title: name, Heading: name, Subheading: u.env.Name,
		Breadcrumbs: []link{{Label: "Operations", Href: u.envPath() + "/operations"}, {Label: name}}}
	entries := []entry{{"Type", text(op.Type)}, {"Status", badge(op.Status)}, {"Environment", text(u.env.Name)},
		{"Started by", text(op.Actor)}, {"Started", text(op.Started)}, {"Summary", text(op.Summary)}}
	if op.Link != "" {
		entries = append(entries, entry{"Related record", linkTo("Open", op.Link)})
	}
	p.Blocks = []block{{Kind: "entries", Heading: "Operation run", Entries: entries},
		{Kind: "links", Heading: "Evidence", Links: []link{{Label: "View audit log", Href: u.envPath() + "/audit-log"}}}}
	return p, nil
}

func auditPage(u *update) *page {
	p := &page{Name: "audit-log.list", Title: "Audit log", Heading: "Audit log", Subheading: u.env.Name}
	p.Actions = []*action{{Name: "export", Label: "Export CSV", Color: "gray", Href: u.envPath() + "/audit-log/" + exportTail}}
	p.Blocks = []block{{Kind: "table", Table: auditTable(u.f(), u.env.Key)}}
	return p
}

func auditTable(f *Fixtures, env string) *table {
	t := &table{Columns: []string{"Time", "Actor", "Action", "Target"}, Empty: "No audit entries"}
	for _, e := range newestFirst(f.Audit, env) {
		t.Rows = append(t.Rows, row{Key: strconv.Itoa(e.ID), Cells: []cell{text(e.At), text(e.Actor), text(e.Action), text(e.Target)}})
	}
	return t
}

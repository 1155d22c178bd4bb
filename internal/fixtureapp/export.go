package fixtureapp

import (
	"encoding/csv"
	"net/http"
	"path"
)

// exportTail ends the URL of the audit log's CSV export: a controller-backed
// download, as spec 402 FR-402-018 means it.
const exportTail = "export.csv"

// serveExport answers AUDIT-LOG/export.csv with the audit log's table,
// authorized exactly like the page itself: the download is refused (404)
// wherever the page would be.
func (a *App) serveExport(w http.ResponseWriter, r *http.Request, actor *Actor, se *session, list string) {
	if path.Base(list) != "audit-log" {
		a.errorPage(w, r, errNotFound)
		return
	}
	a.store.mu.Lock()
	u := a.newUpdate(actor, se, nil, r.URL.Query())
	p, err := a.buildPage(u, list)
	a.store.mu.Unlock()
	if err != nil {
		a.errorPage(w, r, err)
		return
	}
	t := p.Blocks[0].Table // the audit log page is its table
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="audit-log.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	out := csv.NewWriter(w)
	_ = out.Write(t.Columns)
	for _, row := range t.Rows {
		rec := make([]string, len(row.Cells))
		for i, c := range row.Cells {
			rec[i] = c.Text
		}
		_ = out.Write(rec)
	}
	out.Flush()
}

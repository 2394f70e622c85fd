package console

import (
	"net/http"

	"supportportal/internal/servercore"
)

type countsData struct {
	Rows                          []servercore.ArticleCounts
	Deflections, Helpful, NotHelp int
	CSAT                          servercore.SatisfactionCounts
}

func (c *Console) counts(w http.ResponseWriter, r *http.Request) {
	v := c.newView(r, "counts.title")
	v.Nav = "counts"
	rows, err := c.store.ArticleCounts(r.Context(), caller(r).VendorID)
	if err != nil {
		status, text := c.errorText(r, v, err)
		c.message(w, r, status, "counts.title", text)
		return
	}
	csat, err := c.store.SatisfactionCounts(r.Context(), caller(r).VendorID)
	if err != nil {
		status, text := c.errorText(r, v, err)
		c.message(w, r, status, "counts.title", text)
		return
	}
	for i := range csat.ByAgent {
		if csat.ByAgent[i].Name == "" {
			csat.ByAgent[i].Name = v.T("csat.unknownAgent")
		}
	}
	for i := range csat.ByCategory {
		csat.ByCategory[i].Name = c.componentName(r, v.Lang, caller(r).VendorID, csat.ByCategory[i].Key, "")
	}
	d := countsData{Rows: rows, CSAT: csat}
	for _, row := range rows {
		d.Deflections += row.Deflections
		d.Helpful += row.Helpful
		d.NotHelp += row.NotHelpful
	}
	v.Data = d
	c.render(w, r, http.StatusOK, "counts", v)
}

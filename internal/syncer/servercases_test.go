package syncer_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"supportportal/internal/servercore"
	"supportportal/internal/serverstore"
	"supportportal/internal/syncproto"
)

// The tests read the server's cases as the support team does, through the
// store's ListCases and Case (what the agent API and the console serve).

// serverCaseList returns every case of the vendor on the server, by
// number.
func serverCaseList(t *testing.T, st *serverstore.DB, vendor string) []syncproto.CaseSummary {
	t.Helper()
	var out []syncproto.CaseSummary
	for {
		page, err := st.ListCases(context.Background(), servercore.Scope{VendorID: vendor}, len(out), 500)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page.Items...)
		if len(page.Items) == 0 || len(out) >= page.Total {
			break
		}
	}
	slices.SortFunc(out, func(a, b syncproto.CaseSummary) int { return cmp.Compare(a.Number, b.Number) })
	return out
}

// serverCaseCount counts the vendor's cases on the server.
func serverCaseCount(t *testing.T, st *serverstore.DB, vendor string) int {
	t.Helper()
	page, err := st.ListCases(context.Background(), servercore.Scope{VendorID: vendor}, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	return page.Total
}

// serverCase reads one case of the vendor with its conversation.
func serverCase(t *testing.T, st *serverstore.DB, vendor, id string) syncproto.CaseDetail {
	t.Helper()
	d, err := st.Case(context.Background(), servercore.Scope{VendorID: vendor}, id)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// serverCases returns every case of the vendor with its conversation, by
// number.
func serverCases(t *testing.T, st *serverstore.DB, vendor string) []syncproto.CaseDetail {
	t.Helper()
	var out []syncproto.CaseDetail
	for _, s := range serverCaseList(t, st, vendor) {
		out = append(out, serverCase(t, st, vendor, s.ID))
	}
	return out
}

// serverSnapshot renders the server's cases as snapshot renders appSnapshot's
// rows of an app's store: cases (number, ID, author's name, subject,
// description, category, priority, status, solution), comments (case
// number, ID, author, body) and attachment records (case number, comment,
// ID, name, size, SHA-256, type), each in the order of appSnapshot.
func serverSnapshot(cases []syncproto.CaseDetail) string {
	var caseRows, commentRows, fileRows [][]any
	for _, c := range cases {
		caseRows = append(caseRows, []any{c.Number, c.ID, c.AuthorName, c.Subject, c.Description, c.CategoryID, c.SubcategoryID, c.Priority, c.Status, c.Solution})
		for _, a := range c.Attachments {
			fileRows = append(fileRows, []any{c.Number, "", a.ID, a.Name, a.Size, a.SHA256, a.MimeType})
		}
		for _, m := range c.Comments {
			commentRows = append(commentRows, []any{c.Number, m.ID, m.AuthorKind, m.AuthorName, m.Body})
			for _, a := range m.Attachments {
				fileRows = append(fileRows, []any{c.Number, m.ID, a.ID, a.Name, a.Size, a.SHA256, a.MimeType})
			}
		}
	}
	// By case number, then the columns after it as text (comment, then
	// attachment ID): appSnapshot's ORDER BY.
	byKeys := func(n int) func(a, b []any) int {
		return func(a, b []any) int {
			if c := cmp.Compare(a[0].(int64), b[0].(int64)); c != 0 {
				return c
			}
			for i := 1; i < n; i++ {
				if c := cmp.Compare(a[i].(string), b[i].(string)); c != 0 {
					return c
				}
			}
			return 0
		}
	}
	slices.SortFunc(commentRows, byKeys(2))
	slices.SortFunc(fileRows, byKeys(3))
	var b strings.Builder
	for i, rows := range [][][]any{caseRows, commentRows, fileRows} {
		for _, row := range rows {
			fmt.Fprintf(&b, "%d", i)
			for _, v := range row {
				fmt.Fprintf(&b, " %q", fmt.Sprint(v))
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}

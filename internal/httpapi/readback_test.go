package httpapi_test

import (
	"context"
	"fmt"

	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/syncproto"
)

// The tests read back what the server stored through the product's own
// paths: the API as the support team calls it, and the store's methods
// that the API and the console serve from. Only what no path shows (a
// token kept as its hash, the exactly-once bookkeeping, what a session
// records) is read from the file, through storetest.Peek.

// supportToken signs in a support agent of the vendor, created the first
// time, for a test that reads what only the support team sees.
func (e *env) supportToken() string {
	e.t.Helper()
	const email = "reader@vendor.example"
	if _, err := e.st.PersonByEmail(context.Background(), email); portal.ErrorCode(err) == portal.ENotFound {
		e.person("", "", email)
	} else if err != nil {
		e.t.Fatal(err)
	}
	return e.signIn(email)
}

// requests lists the vendor's requests for portal users, of both types,
// as the support team does (GET /v1/agent/requests); status "all" lists
// every status.
func (e *env) requests(agentToken, status string) []servercore.UserRequest {
	e.t.Helper()
	var list struct{ Items []servercore.UserRequest }
	e.expect(e.do("GET", fmt.Sprintf("/v1/agent/requests?status=%s&limit=%d", status, servercore.MaxUserRequests), agentToken, nil), 200).json(e.t, &list)
	if len(list.Items) == servercore.MaxUserRequests {
		e.t.Fatalf("%d requests or more: more than the test expects", len(list.Items))
	}
	return list.Items
}

// ofType counts the requests of one type.
func ofType(rs []servercore.UserRequest, typ string) int {
	n := 0
	for _, r := range rs {
		if r.Type == typ {
			n++
		}
	}
	return n
}

// auditLog returns the vendor's whole portal-user audit log, of one
// company unless company is "", newest first (GET /v1/agent/audit, every
// page).
func (e *env) auditLog(agentToken, company string) []servercore.AuditEntry {
	e.t.Helper()
	var all []servercore.AuditEntry
	for {
		var page servercore.AuditPage
		e.expect(e.do("GET", fmt.Sprintf("/v1/agent/audit?companyId=%s&limit=500&offset=%d", company, len(all)), agentToken, nil), 200).json(e.t, &page)
		all = append(all, page.Items...)
		if len(page.Items) == 0 || len(all) >= page.Total {
			return all
		}
	}
}

// audited counts the audit entries that match.
func audited(entries []servercore.AuditEntry, match func(servercore.AuditEntry) bool) int {
	n := 0
	for _, a := range entries {
		if match(a) {
			n++
		}
	}
	return n
}

// stored counts what the vendor's cases hold, every company's, as the
// support team reads them (the store's ListCases and Case): cases,
// comments, and attachments of cases and of comments.
func (e *env) stored() (cases, comments, attachments int) {
	e.t.Helper()
	ctx := context.Background()
	scope := servercore.Scope{VendorID: e.vendorID}
	for offset := 0; ; {
		page, err := e.st.ListCases(ctx, scope, offset, 100)
		if err != nil {
			e.t.Fatal(err)
		}
		for _, s := range page.Items {
			d, err := e.st.Case(ctx, scope, s.ID)
			if err != nil {
				e.t.Fatal(err)
			}
			cases++
			attachments += len(d.Attachments)
			for _, c := range d.Comments {
				comments++
				attachments += len(c.Attachments)
			}
		}
		offset += len(page.Items)
		if len(page.Items) == 0 || offset >= page.Total {
			return cases, comments, attachments
		}
	}
}

// settings returns the person's settings as the apps get them (GET
// /v1/me).
func (e *env) settings(token string) *syncproto.PersonSettings {
	e.t.Helper()
	var me struct{ Person syncproto.Person }
	e.expect(e.do("GET", "/v1/me", token, nil), 200).json(e.t, &me)
	return me.Person.Settings
}

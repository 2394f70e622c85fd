package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"supportportal/internal/must"
	"supportportal/internal/servercore"
	"supportportal/internal/syncproto"
)

// An agent deactivates the Account Owner in the console with a reason;
// the person view says the vendor did it and why, the company's other
// administrator cannot undo it through the API, and the agent can.
func TestConsoleVendorDeactivationStands(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	owner, err := e.st.PersonByEmail(ctx, "owner@acme.example")
	if err != nil {
		t.Fatal(err)
	}
	must.Get(e.st.CreatePerson(ctx, servercore.Person{Person: syncproto.Person{VendorID: e.vendor, CompanyID: e.acme, Kind: servercore.KindCustomer, Email: "admin@acme.example", Name: "Adam Admin", ProductRole: servercore.RoleAdministrator}, PasswordHash: hash}))
	admin := e.apiSignIn("admin@acme.example")
	b := e.browser()
	tok := b.agent()

	p := b.get("/console/people?company=" + e.acme)
	if p.status != 200 || !strings.Contains(p.body, "Olivia Owner") || !strings.Contains(p.body, "Adam Admin") {
		t.Fatalf("%d %s", p.status, p.body)
	}
	// The form needs the CSRF token.
	if res := b.do("POST", "/console/people/"+owner.ID+"/access", url.Values{"access": {"deactivated"}}); res.status != http.StatusForbidden {
		t.Fatalf("without csrf: %d", res.status)
	}
	res := b.do("POST", "/console/people/"+owner.ID+"/access", url.Values{"csrf": {tok}, "company": {e.acme},
		"access": {"deactivated"}, "reason": {"contract ended"}})
	if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/console/people?") {
		t.Fatalf("deactivate: %d %s %s", res.status, res.location, res.body)
	}
	p = b.get(res.location)
	row := p.body[strings.Index(p.body, `id="person-`+owner.ID+`"`):]
	row = row[:strings.Index(row, "</tr>")]
	if !strings.Contains(row, "Deactivated by the vendor") || !strings.Contains(row, "contract ended") || !strings.Contains(p.body, "the company cannot reactivate") {
		t.Fatalf("person row: %s", row)
	}
	status, body := e.api("POST", "/v1/account/users/"+owner.ID+"/reactivate", admin, nil)
	if status != 403 || !strings.Contains(string(body), "deactivated_by_vendor") {
		t.Fatalf("company reactivation: %d %s", status, body)
	}
	// In German too.
	b.lang = "de"
	if p := b.get("/console/people?company=" + e.acme); !strings.Contains(p.body, "Vom Anbieter deaktiviert") {
		t.Fatalf("de: %s", p.body)
	}
	b.lang = ""
	res = b.do("POST", "/console/people/"+owner.ID+"/access", url.Values{"csrf": {tok}, "company": {e.acme}, "access": {"active"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("reactivate: %d %s", res.status, res.body)
	}
	e.apiSignIn("owner@acme.example")
	// A reason with a bidi override is refused and changes nothing.
	res = b.do("POST", "/console/people/"+owner.ID+"/access", url.Values{"csrf": {tok}, "company": {e.acme},
		"access": {"deactivated"}, "reason": {"ok \u202egnorw"}})
	if res.status != http.StatusBadRequest || !strings.Contains(res.body, "reading order") {
		t.Fatalf("bidi reason: %d %s", res.status, res.body)
	}
	e.apiSignIn("owner@acme.example")
}

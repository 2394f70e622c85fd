package httpapi_test

import (
	"encoding/json"
	"strings"
	"testing"

	"supportportal/internal/must"
	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/syncproto"
)

// withProductVersion is a case.create carrying a product version.
func withProductVersion(caseID, version string) syncproto.Mutation {
	m := caseCreate(caseID)
	var p map[string]any
	must.Do(json.Unmarshal(m.Payload, &p))
	p["productVersion"] = version
	m.Payload = must.Get(json.Marshal(p))
	return m
}

// The product version a customer pushes with a case (issue 13) comes back
// trimmed on the case and in a colleague's changes feed; a case sent
// without one (an older app) has none, and the key stays off the wire; a
// version over the limit is refused naming the field.
func TestProductVersionRoundTrips(t *testing.T) {
	e := newEnv(t)
	e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	e.person(e.acme, servercore.RoleAccountOwner, "owner@acme.example")
	tok, colleague := e.signIn("admin@acme.example"), e.signIn("owner@acme.example")
	with, without := newID(), newID()
	tooLong := withProductVersion(newID(), strings.Repeat("7", portal.MaxProductVersionRunes+1))
	res := e.push(tok, withProductVersion(with, " 7.4.2 "), caseCreate(without), tooLong).Results
	if res[0].Result != syncproto.ResultApplied || res[1].Result != syncproto.ResultApplied {
		t.Fatalf("results %+v %+v", res[0].Error, res[1].Error)
	}
	if r := res[2]; r.Result != syncproto.ResultRejected || r.Error.Reason != portal.ReasonTooLong || r.Error.Field != "productVersion" {
		t.Fatalf("too long: %+v %+v", r, r.Error)
	}

	var d syncproto.CaseDetail
	e.expect(e.do("GET", "/v1/cases/"+with, tok, nil), 200).json(t, &d)
	if d.ProductVersion != "7.4.2" || d.Subject != "Learners cannot enroll" {
		t.Fatalf("case %+v", d.Case)
	}
	if r := e.expect(e.do("GET", "/v1/cases/"+without, tok, nil), 200); strings.Contains(string(r.body), "productVersion") {
		t.Fatalf("a case without a product version: %s", r.body)
	}

	var page syncproto.ChangePage
	e.expect(e.do("GET", "/v1/changes", colleague, nil), 200).json(t, &page)
	got := map[string]string{}
	for _, it := range page.Items {
		if it.Case != nil {
			got[it.Case.ID] = it.Case.ProductVersion
		}
	}
	if len(got) != 2 || got[with] != "7.4.2" || got[without] != "" {
		t.Fatalf("changes feed product versions %v", got)
	}
}

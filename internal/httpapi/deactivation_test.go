package httpapi_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"supportportal/internal/must"
	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/syncproto"
)

type deactivation struct{ access, by, byPerson, reason string }

// deactivation is the person's access and its record as the vendor's
// console shows them (the store's People, which has who and why).
func (e *env) deactivation(id string) deactivation {
	e.t.Helper()
	for _, company := range []string{e.acme, e.globex, e.trial} {
		users, err := e.st.People(context.Background(), e.vendorID, company)
		if err != nil {
			e.t.Fatal(err)
		}
		for _, u := range users {
			if u.ID == id {
				return deactivation{u.PortalAccess, u.DeactivatedBy, u.DeactivatedByPerson, u.DeactivationReason}
			}
		}
	}
	e.t.Fatalf("%s is no portal user of the vendor's companies", id)
	return deactivation{}
}

func accessMutation(kind, personID, reason string) syncproto.Mutation {
	return syncproto.Mutation{ID: newID(), Kind: kind, Payload: must.Get(json.Marshal(map[string]any{
		"personId": personID, "reason": reason, "createdAt": time.Now().UTC().Format(time.RFC3339Nano)}))}
}

// accountUser is the person as the company's feed (GET /v1/account) shows
// them, and the raw JSON of that entry.
func (e *env) accountUser(token, id string) (servercore.AccountUser, string) {
	e.t.Helper()
	var raw struct{ Users []json.RawMessage }
	e.expect(e.do("GET", "/v1/account", token, nil), 200).json(e.t, &raw)
	for _, r := range raw.Users {
		var u servercore.AccountUser
		must.Do(json.Unmarshal(r, &u))
		if u.ID == id {
			return u, string(r)
		}
	}
	e.t.Fatalf("%s not in the account feed", id)
	return servercore.AccountUser{}, ""
}

// The vendor deactivates a person (the command line's store call); the
// company's Account Owner tries to undo it through the API and through a
// push, and cannot. The company sees who decided; the vendor lifts it.
func TestVendorDeactivationStands(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ownerID := e.person(e.acme, servercore.RoleAccountOwner, "owner@acme.example")
	adminID := e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	owner := e.signIn("owner@acme.example")
	admin := e.signIn("admin@acme.example")

	if err := e.st.SetPortalAccessBecause(ctx, adminID, servercore.AccessDeactivated, "  unpaid invoice \u202e"); err == nil {
		t.Fatal("a reason with a bidi override was accepted")
	}
	if err := e.st.SetPortalAccessBecause(ctx, adminID, servercore.AccessDeactivated, "  unpaid invoice "); err != nil {
		t.Fatal(err)
	}
	want := deactivation{servercore.AccessDeactivated, "vendor", "", "unpaid invoice"}
	if got := e.deactivation(adminID); got != want {
		t.Fatalf("%+v, want %+v", got, want)
	}
	wantReason(t, e.do("GET", "/v1/cases", admin, nil), 401, portal.ReasonSessionEnded)
	u, raw := e.accountUser(owner, adminID)
	if u.PortalAccess != servercore.AccessDeactivated || u.DeactivatedBy != "vendor" || strings.Contains(raw, "unpaid") {
		t.Fatalf("feed entry %s", raw)
	}
	wantReason(t, e.do("POST", "/v1/account/users/"+adminID+"/reactivate", owner, nil), 403, portal.ReasonDeactivatedByVendor)
	r := e.push(owner, accessMutation(syncproto.KindPortalUserReactivate, adminID, "")).Results[0]
	if r.Result != syncproto.ResultRejected || r.Error == nil || r.Error.Reason != portal.ReasonDeactivatedByVendor {
		t.Fatalf("push %+v %+v", r, r.Error)
	}
	if got := e.deactivation(adminID); got != want {
		t.Fatalf("after the company's tries: %+v", got)
	}
	wantReason(t, e.do("POST", "/v1/auth/sign-in", "", map[string]string{"email": "admin@acme.example", "password": testPassword}), 403, portal.ReasonAccessDeactivated)

	// The vendor lifts it; the record goes with it.
	if err := e.st.SetPortalAccess(ctx, adminID, servercore.AccessActive); err != nil {
		t.Fatal(err)
	}
	if got := e.deactivation(adminID); got != (deactivation{servercore.AccessActive, "", "", ""}) {
		t.Fatalf("after reactivation: %+v", got)
	}
	e.signIn("admin@acme.example")

	// A company's own deactivation records who and why, and the company
	// may lift it.
	bad := e.expect(e.do("POST", "/v1/account/users/"+adminID+"/deactivate", owner, map[string]string{"reason": "x\x1b[2J"}), 400)
	if _, reason := bad.apiErr(t); reason != "control_character" {
		t.Fatal(reason)
	}
	e.expect(e.do("POST", "/v1/account/users/"+adminID+"/deactivate", owner, map[string]string{"reason": "left the company"}), 200).json(t, &u)
	if u.DeactivatedBy != "company" {
		t.Fatalf("%+v", u)
	}
	if got := e.deactivation(adminID); got != (deactivation{servercore.AccessDeactivated, "company", ownerID, "left the company"}) {
		t.Fatalf("company deactivation: %+v", got)
	}
	if u, _ := e.accountUser(owner, adminID); u.DeactivatedBy != "company" {
		t.Fatalf("feed %+v", u)
	}
	e.expect(e.do("POST", "/v1/account/users/"+adminID+"/reactivate", owner, nil), 200)
	e.signIn("admin@acme.example")
	// The audit keeps both deciders and reasons.
	log := e.auditLog(e.supportToken(), "")
	decided := func(by, reason string) func(servercore.AuditEntry) bool {
		return func(a servercore.AuditEntry) bool {
			return a.PersonID == adminID && strings.Contains(string(a.Details), `"by":"`+by+`"`) && strings.Contains(string(a.Details), reason)
		}
	}
	n, m := audited(log, decided("vendor", "unpaid invoice")), audited(log, decided("company", "left the company"))
	if n != 1 || m != 1 {
		t.Fatalf("audit rows: vendor %d, company %d", n, m)
	}
}

// The Account Owner is deactivated only by the vendor: an administrator
// of the company cannot, through the API or a push; the vendor can, and
// then the company cannot undo it.
func TestAccountOwnerDeactivatedOnlyByVendor(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	ownerID := e.person(e.acme, servercore.RoleAccountOwner, "owner@acme.example")
	e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	owner := e.signIn("owner@acme.example")
	admin := e.signIn("admin@acme.example")
	wantReason(t, e.do("POST", "/v1/account/users/"+ownerID+"/deactivate", admin, map[string]string{"reason": "takeover"}), 403, portal.ReasonAccountOwnerProtected)
	r := e.push(admin, accessMutation(syncproto.KindPortalUserDeactivate, ownerID, "takeover")).Results[0]
	if r.Result != syncproto.ResultRejected || r.Error == nil || r.Error.Reason != portal.ReasonAccountOwnerProtected {
		t.Fatalf("push %+v %+v", r, r.Error)
	}
	if got := e.deactivation(ownerID); got != (deactivation{servercore.AccessActive, "", "", ""}) {
		t.Fatalf("%+v", got)
	}
	e.expect(e.do("GET", "/v1/cases", owner, nil), 200)

	if err := e.st.SetPortalAccessBecause(ctx, ownerID, servercore.AccessDeactivated, "contract ended"); err != nil {
		t.Fatal(err)
	}
	wantReason(t, e.do("POST", "/v1/account/users/"+ownerID+"/reactivate", admin, nil), 403, portal.ReasonDeactivatedByVendor)
	if got := e.deactivation(ownerID); got.access != servercore.AccessDeactivated || got.by != "vendor" {
		t.Fatalf("%+v", got)
	}
}

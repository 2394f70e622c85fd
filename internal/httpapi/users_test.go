package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"supportportal/internal/httpapi"
	"supportportal/internal/must"
	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/syncproto"
)

// personWith creates a customer with the given role and access.
func (e *env) personWith(company, role, email, access string) string {
	e.t.Helper()
	id, err := e.st.CreatePerson(context.Background(), servercore.Person{Person: syncproto.Person{VendorID: e.vendorID, CompanyID: company, Kind: servercore.KindCustomer, Email: email, Name: strings.Split(email, "@")[0], ProductRole: role, PortalAccess: access}, PasswordHash: hashOnce})
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

// activeUsers counts the company's active portal users as the vendor's
// console lists them (the store's People).
func (e *env) activeUsers(company string) int {
	e.t.Helper()
	users, err := e.st.People(context.Background(), e.vendorID, company)
	if err != nil {
		e.t.Fatal(err)
	}
	n := 0
	for _, u := range users {
		if u.PortalAccess == servercore.AccessActive {
			n++
		}
	}
	return n
}

// auditActions returns the audit log's actions for a company, oldest first.
func (e *env) auditActions(agentToken, company string) []string {
	e.t.Helper()
	var page servercore.AuditPage
	e.expect(e.do("GET", "/v1/agent/audit?companyId="+company, agentToken, nil), 200).json(e.t, &page)
	var out []string
	for i := len(page.Items) - 1; i >= 0; i-- {
		it := page.Items[i]
		if it.CompanyID != company {
			e.t.Fatalf("audit entry of company %q in the log of %q", it.CompanyID, company)
		}
		if it.ActorKind == "" || it.At.IsZero() || len(it.Details) == 0 {
			e.t.Fatalf("incomplete audit entry %+v", it)
		}
		out = append(out, it.Action)
	}
	return out
}

func wantReason(t *testing.T, r resp, status int, reason string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d (%s): %s", r.status, status, reason, r.body)
	}
	if _, got := r.apiErr(t); got != reason {
		t.Fatalf("reason %q, want %q: %s", got, reason, r.body)
	}
}

func newUser(first, email string) map[string]any {
	return map[string]any{"firstName": first, "lastName": "Tester", "email": email, "productRole": "administrator"}
}

// My Account and "Request New Customer Portal User": validation, the
// rules, idempotency by requestId, and the audit log.
func TestAccountAndUserRequest(t *testing.T) {
	e := newEnv(t)
	e.person(e.acme, servercore.RoleAccountOwner, "owner@acme.example")
	e.person(e.globex, servercore.RoleAccountOwner, "owner@globex.example")
	e.person("", "", "agent@vendor.example")
	agent := e.signIn("agent@vendor.example")
	tok := e.signIn("owner@acme.example")

	var acc servercore.Account
	e.expect(e.do("GET", "/v1/account", tok, nil), 200).json(t, &acc)
	if acc.Company.ID != e.acme || acc.Company.Name != "Acme" || acc.ActiveUsers != 1 || acc.UserLimit != 4 ||
		len(acc.Users) != 1 || acc.Users[0].Email != "owner@acme.example" || acc.Users[0].LastSignInAt == nil || len(acc.PendingRequests) != 0 {
		t.Fatalf("account %+v", acc)
	}
	wantReason(t, e.do("GET", "/v1/account", agent, nil), 403, portal.ReasonCustomersOnly)
	wantReason(t, e.do("GET", "/v1/account", "", nil), 401, portal.ReasonNoSession)

	for _, c := range []struct {
		body   map[string]any
		status int
		reason string
	}{
		{map[string]any{"firstName": "", "lastName": "X", "email": "x@acme.example", "productRole": "administrator"}, 400, "required"},
		{newUser("Bad", "not-an-address"), 400, "invalid_email"},
		{newUser(strings.Repeat("n", 101), "long@acme.example"), 400, "too_long"},
		{map[string]any{"firstName": "L", "lastName": "Learner", "email": "l@acme.example", "productRole": "other"}, 400, portal.ReasonRoleNotAllowed},
		{newUser("Dup", "OWNER@globex.example"), 409, portal.ReasonDuplicateEmail},
	} {
		wantReason(t, e.do("POST", "/v1/account/users/requests", tok, c.body), c.status, c.reason)
	}

	body := newUser("Ada", "Ada@Acme.example")
	body["requestId"] = newID()
	var req servercore.UserRequest
	e.expect(e.do("POST", "/v1/account/users/requests", tok, body), 201).json(t, &req)
	if req.ID != body["requestId"] || req.Status != servercore.RequestPending || req.Email != "ada@acme.example" || req.Name != "Ada Tester" ||
		req.Type != servercore.RequestTypePortalUser || req.RequestedBy == nil || req.RequestedBy.Email != "owner@acme.example" {
		t.Fatalf("request %+v", req)
	}
	// The same request again (a retry) is the same request.
	var again servercore.UserRequest
	e.expect(e.do("POST", "/v1/account/users/requests", tok, body), 201).json(t, &again)
	if again.ID != req.ID || ofType(e.requests(agent, "all"), servercore.RequestTypePortalUser) != 1 {
		t.Fatalf("retry stored twice: %+v", again)
	}
	// A second request for the same address while one waits.
	wantReason(t, e.do("POST", "/v1/account/users/requests", tok, newUser("Ada", "ada@acme.example")), 409, portal.ReasonRequestPending)

	e.expect(e.do("GET", "/v1/account", tok, nil), 200).json(t, &acc)
	if len(acc.PendingRequests) != 1 || acc.PendingRequests[0].ID != req.ID {
		t.Fatalf("pending %+v", acc.PendingRequests)
	}
	// Globex does not see Acme's request.
	var gacc servercore.Account
	e.expect(e.do("GET", "/v1/account", e.signIn("owner@globex.example"), nil), 200).json(t, &gacc)
	if len(gacc.PendingRequests) != 0 || len(gacc.Users) != 1 {
		t.Fatalf("globex account %+v", gacc)
	}

	// The agent approves: the new user gets a set-password link, the
	// customer who asked is told.
	var dec struct {
		servercore.Decision
		InviteSent bool
	}
	e.expect(e.do("POST", "/v1/agent/requests/"+req.ID+"/approve", agent, nil), 200).json(t, &dec)
	if !dec.InviteSent || dec.Person == nil || dec.Person.Email != "ada@acme.example" || dec.Request.Status != servercore.RequestApproved ||
		dec.Request.PersonID != dec.Person.ID || dec.Person.ProductRole != servercore.RoleAdministrator {
		t.Fatalf("decision %+v", dec)
	}
	var invite, told bool
	for _, m := range e.mails() {
		if strings.Contains(m, "To: ada@acme.example") && tokenRe.MatchString(m) {
			invite = true
		}
		if strings.Contains(m, "To: owner@acme.example") && strings.Contains(m, "was approved") {
			told = true
		}
	}
	if !invite || !told {
		t.Fatalf("mails invite=%v told=%v: %v", invite, told, e.mails())
	}
	e.expect(e.do("GET", "/v1/account", tok, nil), 200).json(t, &acc)
	if acc.ActiveUsers != 2 || len(acc.PendingRequests) != 0 {
		t.Fatalf("after approval %+v", acc)
	}
	got := e.auditActions(agent, e.acme)
	want := []string{servercore.AuditUserCreated, servercore.AuditUserRequested, servercore.AuditUserCreated}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("audit %v, want %v", got, want)
	}
	// Customers have no audit endpoint.
	wantReason(t, e.do("GET", "/v1/agent/audit", tok, nil), 403, portal.ReasonAgentsOnly)
}

// A request is refused at once when the company is full: the customer
// deactivates someone first (the documents' advice).
func TestUserRequestRefusedWhenFull(t *testing.T) {
	e := newEnv(t)
	e.person(e.acme, servercore.RoleAccountOwner, "owner@acme.example")
	for _, m := range []string{"a", "b", "c"} {
		e.person(e.acme, servercore.RoleAdministrator, m+"@acme.example")
	}
	tok := e.signIn("owner@acme.example")
	r := e.do("POST", "/v1/account/users/requests", tok, newUser("Five", "five@acme.example"))
	wantReason(t, r, 409, portal.ReasonPortalUserLimit)
	if !strings.Contains(string(r.body), `"limit":"4"`) {
		t.Fatalf("no limit param: %s", r.body)
	}
}

// Deactivation ends the person's sessions at once; the last active user
// cannot deactivate themselves; another company's person is 404;
// reactivation honours the limit and the role.
func TestDeactivateAndReactivate(t *testing.T) {
	e := newEnv(t)
	e.person("", "", "agent@vendor.example")
	agent := e.signIn("agent@vendor.example")
	e.person(e.acme, servercore.RoleAccountOwner, "owner@acme.example")
	adminID := e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	globexID := e.person(e.globex, servercore.RoleAccountOwner, "owner@globex.example")
	learnerID := e.personWith(e.acme, servercore.RoleOther, "learner@acme.example", servercore.AccessDeactivated)
	owner := e.signIn("owner@acme.example")
	admin := e.signIn("admin@acme.example")
	e.expect(e.do("GET", "/v1/cases", admin, nil), 200)

	// Another company's person, and a made-up id, are not found.
	for _, path := range []string{"/v1/account/users/" + globexID + "/deactivate", "/v1/account/users/" + globexID + "/reactivate",
		"/v1/account/users/" + newID() + "/deactivate", "/v1/account/users/not-a-uuid/deactivate"} {
		wantReason(t, e.do("POST", path, owner, nil), 404, portal.ReasonPersonNotFound)
	}
	if e.activeUsers(e.globex) != 1 {
		t.Fatal("globex user changed")
	}

	var u servercore.AccountUser
	e.expect(e.do("POST", "/v1/account/users/"+adminID+"/deactivate", owner, nil), 200).json(t, &u)
	if u.ID != adminID || u.PortalAccess != servercore.AccessDeactivated {
		t.Fatalf("user %+v", u)
	}
	// The admin's existing session stops working immediately.
	wantReason(t, e.do("GET", "/v1/cases", admin, nil), 401, portal.ReasonSessionEnded)
	// And they cannot sign in again.
	wantReason(t, e.do("POST", "/v1/auth/sign-in", "", map[string]string{"email": "admin@acme.example", "password": testPassword}), 403, portal.ReasonAccessDeactivated)
	// Deactivating again changes nothing.
	e.expect(e.do("POST", "/v1/account/users/"+adminID+"/deactivate", owner, nil), 200)

	// The owner is now the last active user: not themselves.
	ownerID := must.Get(e.st.PersonByEmail(context.Background(), "owner@acme.example")).ID
	wantReason(t, e.do("POST", "/v1/account/users/"+ownerID+"/deactivate", owner, nil), 409, portal.ReasonLastActiveUser)
	e.expect(e.do("GET", "/v1/cases", owner, nil), 200)

	// A learner cannot be reactivated: the role comes first.
	wantReason(t, e.do("POST", "/v1/account/users/"+learnerID+"/reactivate", owner, nil), 400, portal.ReasonRoleNotAllowed)

	e.expect(e.do("POST", "/v1/account/users/"+adminID+"/reactivate", owner, nil), 200).json(t, &u)
	if u.PortalAccess != servercore.AccessActive {
		t.Fatalf("user %+v", u)
	}
	// The deactivation ended the session for good: back in, the admin's
	// old token still works no more.
	wantReason(t, e.do("GET", "/v1/cases", admin, nil), 401, portal.ReasonSessionEnded)
	admin = e.signIn("admin@acme.example")
	// The Account Owner is deactivated only by the vendor: not by an
	// administrator, nor by themselves with another user active.
	wantReason(t, e.do("POST", "/v1/account/users/"+ownerID+"/deactivate", admin, nil), 403, portal.ReasonAccountOwnerProtected)
	wantReason(t, e.do("POST", "/v1/account/users/"+ownerID+"/deactivate", owner, nil), 403, portal.ReasonAccountOwnerProtected)
	// With two active, the administrator may leave; their own session ends too.
	e.expect(e.do("POST", "/v1/account/users/"+adminID+"/deactivate", admin, nil), 200)
	wantReason(t, e.do("GET", "/v1/account", admin, nil), 401, portal.ReasonSessionEnded)
	// Fill the company to the limit, then reactivating the admin is refused.
	e.person(e.acme, servercore.RoleAdministrator, "b@acme.example")
	e.person(e.acme, servercore.RoleAdministrator, "c@acme.example")
	e.person(e.acme, servercore.RoleAdministrator, "d@acme.example")
	wantReason(t, e.do("POST", "/v1/account/users/"+adminID+"/reactivate", owner, nil), 409, portal.ReasonPortalUserLimit)
	if e.activeUsers(e.acme) != 4 {
		t.Fatalf("%d active", e.activeUsers(e.acme))
	}

	got := e.auditActions(agent, e.acme)
	want := []string{"portal_user.created", "portal_user.created", "portal_user.created", // seeded: owner, admin, learner
		"portal_user.deactivated", "portal_user.reactivated", "portal_user.deactivated",
		"portal_user.created", "portal_user.created", "portal_user.created"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("audit\n got %v\nwant %v", got, want)
	}
	var page servercore.AuditPage
	e.expect(e.do("GET", "/v1/agent/audit?companyId="+e.acme+"&limit=1&offset=3", agent, nil), 200).json(t, &page)
	if page.Total != 9 || len(page.Items) != 1 || page.Items[0].Action != "portal_user.deactivated" ||
		page.Items[0].ActorName != "admin" || page.Items[0].PersonID != adminID {
		t.Fatalf("page %+v", page)
	}
}

// Requests, deactivations and reactivations made offline arrive through
// the push, each exactly once.
func TestPushPortalUserMutations(t *testing.T) {
	e := newEnv(t)
	e.person(e.acme, servercore.RoleAccountOwner, "owner@acme.example")
	adminID := e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	globexID := e.person(e.globex, servercore.RoleAccountOwner, "owner@globex.example")
	tok := e.signIn("owner@acme.example")

	reqID := newID()
	payload := must.Get(json.Marshal(map[string]any{"requestId": reqID, "firstName": "Off", "lastName": "Line",
		"email": "offline@acme.example", "productRole": "account_owner", "createdAt": time.Now().UTC().Format(time.RFC3339Nano)}))
	m := syncproto.Mutation{ID: newID(), Kind: syncproto.KindPortalUserRequest, Payload: payload}
	first := e.push(tok, m).Results[0]
	if first.Result != syncproto.ResultApplied || first.RequestID != reqID {
		t.Fatalf("first %+v %+v", first, first.Error)
	}
	// The same outbox entry again, and the same request under a new
	// mutation id (an outbox rebuilt after a crash): still one request.
	second := e.push(tok, m, syncproto.Mutation{ID: newID(), Kind: syncproto.KindPortalUserRequest, Payload: payload})
	for _, r := range second.Results {
		if r.Result != syncproto.ResultApplied || r.RequestID != reqID {
			t.Fatalf("again %+v", r)
		}
	}
	support := e.supportToken()
	if n := ofType(e.requests(support, "all"), servercore.RequestTypePortalUser); n != 1 {
		t.Fatalf("%d requests", n)
	}
	if n := audited(e.auditLog(support, ""), func(a servercore.AuditEntry) bool { return a.Action == servercore.AuditUserRequested }); n != 1 {
		t.Fatalf("%d audit entries", n)
	}

	access := func(kind, person string) syncproto.Mutation {
		return syncproto.Mutation{ID: newID(), Kind: kind, Payload: must.Get(json.Marshal(map[string]any{"personId": person, "createdAt": time.Now().UTC().Format(time.RFC3339Nano)}))}
	}
	res := e.push(tok,
		access(syncproto.KindPortalUserDeactivate, globexID),
		access(syncproto.KindPortalUserDeactivate, adminID),
		access(syncproto.KindPortalUserReactivate, adminID),
		syncproto.Mutation{ID: newID(), Kind: syncproto.KindPortalUserRequest, Payload: []byte(`{"requestId":"` + newID() + `","firstName":"X","lastName":"Y","email":"bad","productRole":"administrator"}`)},
	).Results
	if res[0].Result != syncproto.ResultRejected || res[0].Error.Code != portal.ENotFound {
		t.Fatalf("other company's person: %+v", res[0])
	}
	if res[1].Result != syncproto.ResultApplied || res[1].PersonID != adminID || res[1].PortalAccess != servercore.AccessDeactivated {
		t.Fatalf("deactivate: %+v %+v", res[1], res[1].Error)
	}
	if res[2].Result != syncproto.ResultApplied || res[2].PortalAccess != servercore.AccessActive {
		t.Fatalf("reactivate: %+v %+v", res[2], res[2].Error)
	}
	if res[3].Result != syncproto.ResultRejected || res[3].Error.Reason != portal.ReasonInvalidEmail {
		t.Fatalf("bad request: %+v", res[3])
	}
	// The last active user cannot deactivate themselves offline either.
	ownerID := must.Get(e.st.PersonByEmail(context.Background(), "owner@acme.example")).ID
	e.push(tok, access(syncproto.KindPortalUserDeactivate, adminID))
	r := e.push(tok, access(syncproto.KindPortalUserDeactivate, ownerID)).Results[0]
	if r.Result != syncproto.ResultRejected || r.Error.Reason != portal.ReasonLastActiveUser {
		t.Fatalf("last active: %+v", r)
	}
}

func accessRequest(email string) map[string]string {
	return map[string]string{"name": "Grace Hopper", "company": "Acme Corp.", "email": email, "productDomain": "acme.lms.example",
		"title": "Training lead", "phone": "+1 555 0100", "productRole": "account_owner"}
}

// The "email portal access" path end to end: request without a login,
// status by token, approval creates the person and e-mails the
// set-password link, which works.
func TestAccessRequestApproved(t *testing.T) {
	e := newEnv(t)
	e.person("", "", "agent@vendor.example")
	agent := e.signIn("agent@vendor.example")

	var created struct{ ID, Status, Token string }
	e.expect(e.do("POST", "/v1/access-requests", "", accessRequest("Grace@Acme.example")), 201).json(t, &created)
	if created.ID == "" || created.Token == "" || created.Status != servercore.RequestPending {
		t.Fatalf("created %+v", created)
	}
	var st syncproto.AccessRequestStatus
	e.expect(e.do("GET", "/v1/access-requests/"+created.ID+"?token="+created.Token, "", nil), 200).json(t, &st)
	if st.Status != servercore.RequestPending || st.DecidedAt != nil {
		t.Fatalf("status %+v", st)
	}
	wantReason(t, e.do("GET", "/v1/access-requests/"+created.ID+"?token=wrong", "", nil), 404, portal.ReasonRequestNotFound)
	wantReason(t, e.do("GET", "/v1/access-requests/"+created.ID, "", nil), 400, portal.ReasonRequired)

	var list struct{ Items []servercore.UserRequest }
	e.expect(e.do("GET", "/v1/agent/requests", agent, nil), 200).json(t, &list)
	if len(list.Items) != 1 || list.Items[0].Type != servercore.RequestTypeAccess || list.Items[0].CompanyName != "Acme Corp." ||
		list.Items[0].Title != "Training lead" || list.Items[0].Phone != "+1 555 0100" || list.Items[0].ProductDomain != "acme.lms.example" {
		t.Fatalf("list %+v", list.Items)
	}

	// The agent must say which company record the typed name is.
	wantReason(t, e.do("POST", "/v1/agent/requests/"+created.ID+"/approve", agent, map[string]any{}), 400, portal.ReasonRequired)
	wantReason(t, e.do("POST", "/v1/agent/requests/"+created.ID+"/approve", agent, map[string]any{"companyId": newID()}), 404, portal.ReasonCompanyNotFound)
	var dec servercore.Decision
	e.expect(e.do("POST", "/v1/agent/requests/"+created.ID+"/approve", agent, map[string]any{"companyId": e.acme}), 200).json(t, &dec)
	p, err := e.st.PersonByEmail(context.Background(), "grace@acme.example")
	if err != nil || p.CompanyID != e.acme || p.PortalAccess != servercore.AccessActive || p.ProductRole != servercore.RoleAccountOwner || p.Name != "Grace Hopper" {
		t.Fatalf("person %+v %v", p, err)
	}
	mails := e.mails()
	if len(mails) != 1 || !strings.Contains(mails[0], "To: grace@acme.example") {
		t.Fatalf("mails %v", mails)
	}
	e.expect(e.do("POST", "/v1/auth/set-password", "", map[string]string{"token": mailToken(t, mails[0]), "password": testPassword}), 200)
	e.signIn("grace@acme.example")

	e.expect(e.do("GET", "/v1/access-requests/"+created.ID+"?token="+created.Token, "", nil), 200).json(t, &st)
	if st.Status != servercore.RequestApproved || st.DecidedAt == nil {
		t.Fatalf("status %+v", st)
	}
	wantReason(t, e.do("POST", "/v1/agent/requests/"+created.ID+"/approve", agent, map[string]any{"companyId": e.acme}), 409, portal.ReasonRequestDecided)
	wantReason(t, e.do("POST", "/v1/agent/requests/"+created.ID+"/reject", agent, map[string]any{"reason": "x"}), 409, portal.ReasonRequestDecided)
	e.expect(e.do("GET", "/v1/agent/requests", agent, nil), 200).json(t, &list)
	if len(list.Items) != 0 {
		t.Fatalf("still pending: %+v", list.Items)
	}
	e.expect(e.do("GET", "/v1/agent/requests?status=approved", agent, nil), 200).json(t, &list)
	if len(list.Items) != 1 || list.Items[0].CompanyID != e.acme || list.Items[0].PersonID != p.ID || list.Items[0].DecidedBy == nil {
		t.Fatalf("approved %+v", list.Items)
	}
	if got := e.auditActions(agent, e.acme); strings.Join(got, ",") != "portal_user.created" {
		t.Fatalf("audit %v", got)
	}
	var all servercore.AuditPage
	e.expect(e.do("GET", "/v1/agent/audit", agent, nil), 200).json(t, &all)
	if all.Total != 2 || all.Items[1].Action != servercore.AuditAccessRequested || all.Items[1].ActorKind != "public" {
		t.Fatalf("audit %+v", all)
	}
}

func TestAccessRequestRejected(t *testing.T) {
	e := newEnv(t)
	e.person("", "", "agent@vendor.example")
	agent := e.signIn("agent@vendor.example")
	var created struct{ ID, Token string }
	e.expect(e.do("POST", "/v1/access-requests", "", accessRequest("someone@nowhere.example")), 201).json(t, &created)
	wantReason(t, e.do("POST", "/v1/agent/requests/"+created.ID+"/reject", agent, map[string]any{"reason": "  "}), 400, portal.ReasonRequired)
	wantReason(t, e.do("POST", "/v1/agent/requests/"+newID()+"/reject", agent, map[string]any{"reason": "x"}), 404, portal.ReasonRequestNotFound)
	e.expect(e.do("POST", "/v1/agent/requests/"+created.ID+"/reject", agent, map[string]any{"reason": "We could not find your company."}), 200)
	mails := e.mails()
	if len(mails) != 1 || !strings.Contains(mails[0], "To: someone@nowhere.example") || !strings.Contains(mails[0], "We could not find your company.") {
		t.Fatalf("mails %v", mails)
	}
	var st syncproto.AccessRequestStatus
	e.expect(e.do("GET", "/v1/access-requests/"+created.ID+"?token="+created.Token, "", nil), 200).json(t, &st)
	if st.Status != servercore.RequestRejected || st.Reason != "We could not find your company." {
		t.Fatalf("status %+v", st)
	}
	if _, err := e.st.PersonByEmail(context.Background(), "someone@nowhere.example"); portal.ErrorCode(err) != portal.ENotFound {
		t.Fatalf("person created: %v", err)
	}
	if n := audited(e.auditLog(agent, ""), func(a servercore.AuditEntry) bool {
		return a.Action == servercore.AuditRequestRejected && a.RequestID == created.ID
	}); n != 1 {
		t.Fatalf("%d audit entries", n)
	}
}

// Approval applies every rule and leaves a refused request pending.
func TestApprovalRefusals(t *testing.T) {
	e := newEnv(t)
	e.person("", "", "agent@vendor.example")
	agent := e.signIn("agent@vendor.example")
	e.person(e.globex, servercore.RoleAccountOwner, "taken@globex.example")
	for _, m := range []string{"a", "b", "c", "d"} {
		e.person(e.acme, servercore.RoleAdministrator, m+"@acme.example")
	}
	mk := func(email string) string {
		var c struct{ ID string }
		e.expect(e.do("POST", "/v1/access-requests", "", accessRequest(email)), 201).json(t, &c)
		return c.ID
	}
	trial, dup, full := mk("x@trial.example"), mk("TAKEN@globex.example"), mk("five@acme.example")
	wantReason(t, e.do("POST", "/v1/agent/requests/"+trial+"/approve", agent, map[string]any{"companyId": e.trial}), 409, portal.ReasonTrialCompany)
	wantReason(t, e.do("POST", "/v1/agent/requests/"+trial+"/approve", agent, map[string]any{"companyId": e.globex, "productRole": "other"}), 400, portal.ReasonRoleNotAllowed)
	wantReason(t, e.do("POST", "/v1/agent/requests/"+dup+"/approve", agent, map[string]any{"companyId": e.globex}), 409, portal.ReasonDuplicateEmail)
	wantReason(t, e.do("POST", "/v1/agent/requests/"+full+"/approve", agent, map[string]any{"companyId": e.acme}), 409, portal.ReasonPortalUserLimit)
	var list struct{ Items []servercore.UserRequest }
	e.expect(e.do("GET", "/v1/agent/requests", agent, nil), 200).json(t, &list)
	if len(list.Items) != 3 {
		t.Fatalf("pending %+v", list.Items)
	}
	if e.activeUsers(e.acme) != 4 || e.activeUsers(e.trial) != 0 || len(e.mails()) != 0 {
		t.Fatal("a refused approval changed something")
	}
	// Another vendor's agent does not see them.
	other, err := e.st.CreatePerson(context.Background(), servercore.Person{Person: syncproto.Person{VendorID: e.agentVendor, Kind: servercore.KindAgent, Email: "agent@other.example", Name: "Other"}, PasswordHash: hashOnce})
	if err != nil || other == "" {
		t.Fatal(err)
	}
	otherTok := e.signIn("agent@other.example")
	e.expect(e.do("GET", "/v1/agent/requests", otherTok, nil), 200).json(t, &list)
	if len(list.Items) != 0 {
		t.Fatalf("other vendor sees %+v", list.Items)
	}
	wantReason(t, e.do("POST", "/v1/agent/requests/"+full+"/approve", otherTok, map[string]any{"companyId": e.acme}), 404, portal.ReasonRequestNotFound)
}

// The public form is limited in size and in rate, and validates.
func TestAccessRequestLimits(t *testing.T) {
	e := newEnv(t)
	wantReason(t, e.do("POST", "/v1/access-requests", "", accessRequest("nope")), 400, portal.ReasonInvalidEmail)
	big := accessRequest("big@acme.example")
	big["title"] = strings.Repeat("t", httpapi.MaxAccessRequestBody)
	wantReason(t, e.do("POST", "/v1/access-requests", "", big), 413, portal.ReasonBodyTooLarge)
	learner := accessRequest("learner@acme.example")
	learner["productRole"] = "other"
	wantReason(t, e.do("POST", "/v1/access-requests", "", learner), 400, portal.ReasonRoleNotAllowed)
	e.expect(e.do("POST", "/v1/access-requests", "", accessRequest("one@acme.example")), 201)
	e.expect(e.do("POST", "/v1/access-requests", "", accessRequest("two@acme.example")), 201)
	// Five attempts per address per hour by default, valid or not.
	r := e.do("POST", "/v1/access-requests", "", accessRequest("three@acme.example"))
	wantReason(t, r, 429, portal.ReasonTooManyAttempts)
	if r.header.Get("Retry-After") == "" {
		t.Fatal("no Retry-After")
	}
	if n := ofType(e.requests(e.supportToken(), "all"), servercore.RequestTypeAccess); n != 2 {
		t.Fatalf("%d stored", n)
	}
}

// post posts to url and returns the status and error reason, from any
// goroutine (t.Fatal is not allowed there).
func post(client *http.Client, url, token string, body any) (int, string, error) {
	req, err := http.NewRequest("POST", url, bytes.NewReader(must.Get(json.Marshal(body))))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	var e struct{ Reason string }
	must.Do(json.NewDecoder(res.Body).Decode(&e))
	return res.StatusCode, e.Reason, nil
}

// fire runs n requests at the same moment and counts answers by status.
func fire(t *testing.T, n int, do func(i int) (int, string, error)) map[int]int {
	t.Helper()
	var wg sync.WaitGroup
	var mu sync.Mutex
	got := map[int]int{}
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			st, reason, err := do(i)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Errorf("request %d: %v", i, err)
				return
			}
			if st == 409 && reason != portal.ReasonPortalUserLimit {
				t.Errorf("request %d: 409 %s", i, reason)
			}
			got[st]++
		}()
	}
	close(start)
	wg.Wait()
	return got
}

// Fifty reactivations of one company at the same moment: exactly the
// limit are active afterwards.
func TestConcurrentReactivations(t *testing.T) {
	e := newEnv(t)
	e.person(e.acme, servercore.RoleAccountOwner, "owner@acme.example")
	tok := e.signIn("owner@acme.example")
	ids := make([]string, 50)
	for i := range ids {
		ids[i] = e.personWith(e.acme, servercore.RoleAdministrator, fmt.Sprintf("user%d@acme.example", i), servercore.AccessDeactivated)
	}
	got := fire(t, 50, func(i int) (int, string, error) {
		return post(e.srv.Client(), e.srv.URL+"/v1/account/users/"+ids[i]+"/reactivate", tok, nil)
	})
	limit := portal.DefaultVendorProfile().PortalUserLimit
	if got[200] != limit-1 || got[409] != 50-(limit-1) || e.activeUsers(e.acme) != limit {
		t.Fatalf("answers %v, %d active", got, e.activeUsers(e.acme))
	}
	if n := audited(e.auditLog(e.supportToken(), ""), func(a servercore.AuditEntry) bool { return a.Action == servercore.AuditUserReactivated }); n != limit-1 {
		t.Fatalf("%d audit entries", n)
	}
}

// Fifty approvals for one company at the same moment: exactly the limit
// are created.
func TestConcurrentApprovals(t *testing.T) {
	e := newEnv(t)
	e.person("", "", "agent@vendor.example")
	agent := e.signIn("agent@vendor.example")
	ctx := context.Background()
	ids := make([]string, 50)
	for i := range ids {
		r, err := e.st.CreateAccessRequest(ctx, portal.AccessRequest{Name: "N", Company: "Globex", Email: fmt.Sprintf("u%d@globex.example", i),
			Title: "T", Phone: "1", ProductRole: portal.RoleAdministrator}, newID(), "127.0.0.1", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = r.ID
	}
	got := fire(t, 50, func(i int) (int, string, error) {
		return post(e.srv.Client(), e.srv.URL+"/v1/agent/requests/"+ids[i]+"/approve", agent, map[string]any{"companyId": e.globex})
	})
	limit := portal.DefaultVendorProfile().PortalUserLimit
	if got[200] != limit || got[409] != 50-limit || e.activeUsers(e.globex) != limit {
		t.Fatalf("answers %v, %d active", got, e.activeUsers(e.globex))
	}
	if n := ofType(e.requests(agent, "approved"), servercore.RequestTypeAccess); n != limit {
		t.Fatalf("%d approved", n)
	}
	if n := len(e.mails()); n != limit {
		t.Fatalf("%d invitations", n)
	}
}

// Two users deactivating each other at the same moment: one of them wins,
// the company never ends with no active user.
func TestMutualDeactivation(t *testing.T) {
	e := newEnv(t)
	ids := []string{e.person(e.acme, servercore.RoleAccountOwner, "a@acme.example"), e.person(e.acme, servercore.RoleAdministrator, "b@acme.example")}
	ctx := context.Background()
	for round := range 10 {
		for _, id := range ids {
			if err := e.st.SetPortalAccess(ctx, id, servercore.AccessActive); err != nil {
				t.Fatal(err)
			}
		}
		toks := []string{e.signIn("a@acme.example"), e.signIn("b@acme.example")}
		var wg sync.WaitGroup
		statuses := make([]int, 2)
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				st, _, err := post(e.srv.Client(), e.srv.URL+"/v1/account/users/"+ids[1-i]+"/deactivate", toks[i], nil)
				if err != nil {
					t.Error(err)
				}
				statuses[i] = st
			}()
		}
		wg.Wait()
		if n := e.activeUsers(e.acme); n != 1 {
			t.Fatalf("round %d: %d active, answers %v", round, n, statuses)
		}
	}
}

package console_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"supportportal/internal/must"
	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/syncproto"
)

// accessRequest asks for access without a login, as the sign-in screen
// does, and returns the request's id.
func (e *env) accessRequest(name, email string) string {
	e.t.Helper()
	status, b := e.api("POST", "/v1/access-requests", "", portal.AccessRequest{Name: name, Company: "ACME Corp (typed)", Email: email,
		ProductDomain: "lms.acme.example", Title: "Head of Training", Phone: "+49 30 1234567", ProductRole: portal.RoleAdministrator})
	if status != http.StatusCreated {
		e.t.Fatalf("access request: %d %s", status, b)
	}
	var out struct{ ID string }
	must.Do(json.Unmarshal(b, &out))
	return out.ID
}

// userRequest is a signed-in customer's request for a colleague.
func (e *env) userRequest(token, first, last, email string) string {
	e.t.Helper()
	status, b := e.api("POST", "/v1/account/users/requests", token, portal.NewUserRequest{FirstName: first, LastName: last, Email: email,
		ProductRole: portal.RoleAccountOwner})
	if status != http.StatusCreated {
		e.t.Fatalf("portal-user request: %d %s", status, b)
	}
	var out struct{ ID string }
	must.Do(json.Unmarshal(b, &out))
	return out.ID
}

// requestStatus reads a request's status through the agent API.
func (e *env) requestStatus(agentToken, id string) string {
	e.t.Helper()
	status, b := e.api("GET", "/v1/agent/requests?status=all", agentToken, nil)
	if status != 200 {
		e.t.Fatalf("list requests: %d %s", status, b)
	}
	var out struct{ Items []servercore.UserRequest }
	must.Do(json.Unmarshal(b, &out))
	for _, r := range out.Items {
		if r.ID == id {
			return r.Status
		}
	}
	e.t.Fatalf("request %s not listed: %s", id, b)
	return ""
}

// mails returns the text of every e-mail in the outbox.
func (e *env) mails() []string {
	e.t.Helper()
	files, _ := filepath.Glob(filepath.Join(e.outbox, "*.eml"))
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			e.t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

func TestRequestsPageListsBothKinds(t *testing.T) {
	e := newEnv(t)
	acc := e.accessRequest("Nora Nologin", "nora@newco.example")
	usr := e.userRequest(e.customerToken, "Colin", "Colleague", "colin@acme.example")
	b := e.browser()
	b.agent()
	p := wantStatus(t, b.get("/console/requests"), 200).body
	for _, want := range []string{`id="request-` + acc + `"`, `id="request-` + usr + `"`, "Nora Nologin", "nora@newco.example", "ACME Corp (typed)",
		"lms.acme.example", "Head of Training", "49 30 1234567", "Administrator", "Colin Colleague", "colin@acme.example",
		"Olivia Owner", "Account Owner", `action="/console/requests/` + acc + `/approve"`, `action="/console/requests/` + usr + `/reject"`,
		`name="companyId"`, "Globex"} {
		if !strings.Contains(p, want) {
			t.Errorf("requests page lacks %q", want)
		}
	}
	// Only the access request asks which company to file the person under.
	if n := strings.Count(p, `name="companyId"`); n != 1 {
		t.Errorf("%d company selects, want 1", n)
	}
	// Filters: nothing approved yet; all lists both.
	if p := wantStatus(t, b.get("/console/requests?status=approved"), 200).body; strings.Contains(p, "Nora Nologin") || !strings.Contains(p, `id="requests-empty"`) {
		t.Errorf("approved filter:\n%s", p)
	}
	if p := wantStatus(t, b.get("/console/requests?status=all"), 200).body; !strings.Contains(p, "Nora Nologin") || !strings.Contains(p, "Colin Colleague") {
		t.Errorf("all filter:\n%s", p)
	}
	// German.
	if p := wantStatus(t, b.get("/console/requests?lang=de"), 200).body; !strings.Contains(p, "Zugangsanfrage (ohne Anmeldung)") || !strings.Contains(p, "Annehmen") {
		t.Errorf("not German:\n%s", p)
	}
}

func TestApproveAccessRequest(t *testing.T) {
	e := newEnv(t)
	id := e.accessRequest("Nora Nologin", "nora@newco.example")
	b := e.browser()
	tok := b.agent()
	agentTok := e.apiSignIn("agent@vendor.example")
	before := len(e.mails())
	// Without a company the store refuses: shown, nothing changed.
	res := wantStatus(t, b.do("POST", "/console/requests/"+id+"/approve", url.Values{"csrf": {tok}}), http.StatusBadRequest)
	if !strings.Contains(res.body, "Choose the company the new user belongs to.") {
		t.Fatalf("no message:\n%s", res.body)
	}
	if st := e.requestStatus(agentTok, id); st != servercore.RequestPending {
		t.Fatalf("status %s after a refused approval", st)
	}
	res = wantStatus(t, b.do("POST", "/console/requests/"+id+"/approve", url.Values{"csrf": {tok}, "companyId": {e.globex}}), http.StatusSeeOther)
	if res.location != "/console/requests?done=request_approved" {
		t.Fatalf("redirect %q", res.location)
	}
	p := wantStatus(t, b.get(res.location), 200).body
	if !strings.Contains(p, "The request was approved.") || strings.Contains(p, "Nora Nologin") {
		t.Fatalf("after approval:\n%s", p)
	}
	if st := e.requestStatus(agentTok, id); st != servercore.RequestApproved {
		t.Fatalf("status %s", st)
	}
	// The person exists in Globex with the requested role.
	person, err := e.st.PersonByEmail(t.Context(), "nora@newco.example")
	if err != nil {
		t.Fatal(err)
	}
	if person.CompanyID != e.globex || person.ProductRole != portal.RoleAdministrator || person.PortalAccess != servercore.AccessActive {
		t.Fatalf("person %s %s %s", person.CompanyID, person.ProductRole, person.PortalAccess)
	}
	// And was e-mailed a set-password link.
	mails := e.mails()
	var invite bool
	for _, m := range mails[before:] {
		if strings.Contains(m, "nora@newco.example") && strings.Contains(strings.ToLower(m), "password") {
			invite = true
		}
	}
	if !invite {
		t.Fatalf("no set-password e-mail in %q", mails[before:])
	}
	// A second approval of the same request is refused with the message.
	res = wantStatus(t, b.do("POST", "/console/requests/"+id+"/approve", url.Values{"csrf": {tok}, "companyId": {e.globex}}), http.StatusConflict)
	if !strings.Contains(res.body, "This request was decided already (Approved).") {
		t.Fatalf("decided:\n%s", res.body)
	}
	// The audit page shows the approval.
	a := wantStatus(t, b.get("/console/audit"), 200).body
	row := regexp.MustCompile(`(?s)<tr>\s*<td>[^<]*</td>\s*<td>Sam Support<div class="muted">support agent</div></td>\s*<td>User created</td>\s*<td>Globex</td>\s*<td>Nora Nologin</td>`)
	if !row.MatchString(a) {
		t.Fatalf("audit page lacks the approval:\n%s", a)
	}
	// Its details read as words, not stored keys and codes; in German too.
	if !strings.Contains(a, "Email: nora@newco.example") || !strings.Contains(a, "Request: Access request (no login)") || strings.Contains(a, "requestType:") {
		t.Fatalf("audit details are not labelled:\n%s", a)
	}
	if de := wantStatus(t, b.get("/console/audit?lang=de"), 200).body; !strings.Contains(de, "E-Mail: nora@newco.example") {
		t.Fatalf("German audit details:\n%s", de)
	}
	// Filtered to Acme it does not.
	a = wantStatus(t, b.get("/console/audit?company="+url.QueryEscape(e.acme)), 200).body
	if strings.Contains(a, "Nora Nologin") || !strings.Contains(a, "Olivia Owner") {
		t.Fatalf("audit filtered to Acme shows Globex's approval:\n%s", a)
	}
}

func TestApproveAtUserLimit(t *testing.T) {
	e := newEnv(t)
	limit := portal.DefaultVendorProfile().PortalUserLimit
	if limit != 4 {
		t.Fatalf("limit %d", limit)
	}
	// Requested while there is room; Acme has its owner, three more make
	// four active before the agent gets to the requests.
	id := e.userRequest(e.customerToken, "Fifth", "User", "fifth@acme.example")
	acc := e.accessRequest("Also Acme", "also@acme.example")
	for _, m := range []string{"a2@acme.example", "a3@acme.example", "a4@acme.example"} {
		e.person(e.acme, m, "User "+m)
	}
	b := e.browser()
	tok := b.agent()
	agentTok := e.apiSignIn("agent@vendor.example")
	res := wantStatus(t, b.do("POST", "/console/requests/"+id+"/approve", url.Values{"csrf": {tok}}), http.StatusConflict)
	if !strings.Contains(res.body, "This company already has 4 of 4 active portal users.") || !strings.Contains(res.body, "Fifth User") {
		t.Fatalf("limit page:\n%s", res.body)
	}
	res = wantStatus(t, b.do("POST", "/console/requests/"+acc+"/approve", url.Values{"csrf": {tok}, "companyId": {e.acme}}), http.StatusConflict)
	if !strings.Contains(res.body, "4 of 4") {
		t.Fatalf("limit page:\n%s", res.body)
	}
	b.lang = "de"
	res = wantStatus(t, b.do("POST", "/console/requests/"+id+"/approve", url.Values{"csrf": {tok}}), http.StatusConflict)
	if !strings.Contains(res.body, "Diese Firma hat bereits 4 von 4 aktiven Portalbenutzern.") {
		t.Fatalf("German limit page:\n%s", res.body)
	}
	for _, r := range []string{id, acc} {
		if st := e.requestStatus(agentTok, r); st != servercore.RequestPending {
			t.Fatalf("request %s is %s", r, st)
		}
	}
	for _, email := range []string{"fifth@acme.example", "also@acme.example"} {
		if e.exists(email) {
			t.Fatalf("%s created over the limit", email)
		}
	}
	// A role the portal does not allow is refused too.
	res = wantStatus(t, b.do("POST", "/console/requests/"+id+"/approve", url.Values{"csrf": {tok}, "productRole": {portal.RoleOther}}), http.StatusBadRequest)
	if !strings.Contains(res.body, `class="error" role="alert"`) || !strings.Contains(res.body, "Administratoren") {
		t.Fatalf("role page:\n%s", res.body)
	}
}

func TestRejectNeedsReason(t *testing.T) {
	e := newEnv(t)
	id := e.userRequest(e.customerToken, "Colin", "Colleague", "colin@acme.example")
	b := e.browser()
	tok := b.agent()
	agentTok := e.apiSignIn("agent@vendor.example")
	res := wantStatus(t, b.do("POST", "/console/requests/"+id+"/reject", url.Values{"csrf": {tok}, "reason": {"   "}}), http.StatusBadRequest)
	if !strings.Contains(res.body, "Give a reason: the requester is told it.") {
		t.Fatalf("no message:\n%s", res.body)
	}
	if st := e.requestStatus(agentTok, id); st != servercore.RequestPending {
		t.Fatalf("status %s", st)
	}
	before := len(e.mails())
	res = wantStatus(t, b.do("POST", "/console/requests/"+id+"/reject", url.Values{"csrf": {tok}, "reason": {"Use the shared mailbox."}}), http.StatusSeeOther)
	if res.location != "/console/requests?done=request_rejected" {
		t.Fatalf("redirect %q", res.location)
	}
	if st := e.requestStatus(agentTok, id); st != servercore.RequestRejected {
		t.Fatalf("status %s", st)
	}
	// The customer who asked is told, with the reason.
	mails := e.mails()
	if len(mails) != before+1 || !strings.Contains(mails[len(mails)-1], "owner@acme.example") || !strings.Contains(mails[len(mails)-1], "Use the shared mailbox.") {
		t.Fatalf("outcome mail %q", mails[before:])
	}
	p := wantStatus(t, b.get("/console/requests?status=rejected"), 200).body
	if !strings.Contains(p, "Colin Colleague") || !strings.Contains(p, "Use the shared mailbox.") || !strings.Contains(p, "by Sam Support") {
		t.Fatalf("rejected list:\n%s", p)
	}
	if a := wantStatus(t, b.get("/console/audit"), 200).body; !strings.Contains(a, "Request rejected") {
		t.Fatalf("audit:\n%s", a)
	}
}

func TestRequestFormsNeedCSRF(t *testing.T) {
	e := newEnv(t)
	id := e.accessRequest("Nora Nologin", "nora@newco.example")
	b := e.browser()
	tok := b.agent()
	agentTok := e.apiSignIn("agent@vendor.example")
	for _, form := range []url.Values{{"companyId": {e.acme}}, {"companyId": {e.acme}, "csrf": {strings.Repeat("0", len(tok))}}} {
		wantStatus(t, b.do("POST", "/console/requests/"+id+"/approve", form), http.StatusForbidden)
	}
	wantStatus(t, b.do("POST", "/console/requests/"+id+"/reject", url.Values{"reason": {"no"}}), http.StatusForbidden)
	if st := e.requestStatus(agentTok, id); st != servercore.RequestPending {
		t.Fatalf("status %s after forged posts", st)
	}
}

func TestCustomerCannotReachRequestPages(t *testing.T) {
	e := newEnv(t)
	id := e.accessRequest("Nora Nologin", "nora@newco.example")
	b := e.browser()
	u, _ := url.Parse(e.srv.URL + "/console/")
	b.c.Jar.SetCookies(u, []*http.Cookie{{Name: "sp_console", Value: e.customerToken, Path: "/console/"}})
	for _, p := range []string{"/console/requests", "/console/audit"} {
		t.Run(p, func(t *testing.T) {
			res := wantStatus(t, b.get(p), http.StatusForbidden)
			if strings.Contains(res.body, "Nora Nologin") {
				t.Fatalf("%s shows requests to a customer", p)
			}
		})
	}
	wantStatus(t, b.do("POST", "/console/requests/"+id+"/approve", url.Values{"companyId": {e.acme}}), http.StatusForbidden)
	if e.exists("nora@newco.example") {
		t.Fatal("a customer approved a request")
	}
}

func TestRequestXSSEscaped(t *testing.T) {
	e := newEnv(t)
	evil := `<script>alert(1)</script><img src=x onerror=alert(2)>`
	id := e.accessRequest(evil, "evil@newco.example")
	b := e.browser()
	tok := b.agent()
	p := wantStatus(t, b.get("/console/requests"), 200).body
	active := regexp.MustCompile(`(?i)<script|<img[^>]*\son[a-z]+\s*=`)
	if m := active.FindString(p); m != "" {
		t.Fatalf("active markup %q:\n%s", m, p)
	}
	if !strings.Contains(p, html.EscapeString(`<script>alert(1)</script>`)) {
		t.Fatalf("name not shown escaped:\n%s", p)
	}
	wantStatus(t, b.do("POST", "/console/requests/"+id+"/reject", url.Values{"csrf": {tok}, "reason": {`<script>alert(3)</script>`}}), http.StatusSeeOther)
	for _, path := range []string{"/console/requests?status=all", "/console/audit"} {
		t.Run(path, func(t *testing.T) {
			p := wantStatus(t, b.get(path), 200).body
			if m := active.FindString(p); m != "" {
				t.Fatalf("%s: active markup %q:\n%s", path, m, p)
			}
		})
	}
}

func TestApproveIntoTrialCompanyRefused(t *testing.T) {
	e := newEnv(t)
	trial := must.Get(e.st.CreateCompany(context.Background(), servercore.Company{VendorID: e.vendor, Name: "Initech", Status: servercore.CompanyTrial}))
	id := e.accessRequest("Tina Trial", "tina@initech.example")
	b := e.browser()
	tok := b.agent()
	agentTok := e.apiSignIn("agent@vendor.example")
	p := wantStatus(t, b.get("/console/requests"), 200).body
	if !strings.Contains(p, "Initech (trial)") {
		t.Fatalf("trial company not marked:\n%s", p)
	}
	res := wantStatus(t, b.do("POST", "/console/requests/"+id+"/approve", url.Values{"csrf": {tok}, "companyId": {trial}}), http.StatusConflict)
	if !strings.Contains(res.body, "Companies on a trial account cannot use the portal.") {
		t.Fatalf("trial page:\n%s", res.body)
	}
	res = wantStatus(t, b.do("POST", "/console/requests/"+id+"/approve", url.Values{"csrf": {tok}, "companyId": {"no-such-company"}}), http.StatusNotFound)
	if !strings.Contains(res.body, "There is no such company.") {
		t.Fatalf("unknown company page:\n%s", res.body)
	}
	if st := e.requestStatus(agentTok, id); st != servercore.RequestPending {
		t.Fatalf("status %s", st)
	}
}

func TestApproveDuplicateEmailRefused(t *testing.T) {
	e := newEnv(t)
	first := e.accessRequest("Dora Double", "dora@newco.example")
	second := e.userRequest(e.customerToken, "Dora", "Double", "dora@newco.example")
	b := e.browser()
	tok := b.agent()
	agentTok := e.apiSignIn("agent@vendor.example")
	wantStatus(t, b.do("POST", "/console/requests/"+first+"/approve", url.Values{"csrf": {tok}, "companyId": {e.acme}}), http.StatusSeeOther)
	res := wantStatus(t, b.do("POST", "/console/requests/"+second+"/approve", url.Values{"csrf": {tok}}), http.StatusConflict)
	if !strings.Contains(res.body, "This e-mail address already has a Customer Portal account.") {
		t.Fatalf("duplicate page:\n%s", res.body)
	}
	if st := e.requestStatus(agentTok, second); st != servercore.RequestPending {
		t.Fatalf("status %s", st)
	}
}

func TestAuditPaging(t *testing.T) {
	e := newEnv(t)
	// newEnv's two customers are two entries (agents have none); 50 more make 52.
	// (Deactivated, so the user limit does not stop them.)
	for i := 0; i < 50; i++ {
		must.Get(e.st.CreatePerson(context.Background(), servercore.Person{Person: syncproto.Person{VendorID: e.vendor, CompanyID: e.globex, Kind: servercore.KindCustomer, Email: "user" + strconv.Itoa(i) + "@globex.example", Name: "Globex user " + strconv.Itoa(i), ProductRole: servercore.RoleAccountOwner, PortalAccess: servercore.AccessDeactivated}}))
	}
	b := e.browser()
	b.agent()
	p1 := wantStatus(t, b.get("/console/audit"), 200).body
	if !strings.Contains(p1, "Entries 1–50 of 52.") || !strings.Contains(p1, `rel="next"`) || strings.Contains(p1, `rel="prev"`) {
		t.Fatalf("page 1:\n%s", p1)
	}
	next := html.UnescapeString(regexp.MustCompile(`href="([^"]+)" rel="next"`).FindStringSubmatch(p1)[1])
	p2 := wantStatus(t, b.get(next), 200).body
	if !strings.Contains(p2, "Entries 51–52 of 52.") || !strings.Contains(p2, `rel="prev"`) || !strings.Contains(p2, "Olivia Owner") {
		t.Fatalf("page 2:\n%s", p2)
	}
	// Filtered by company, with the filter kept in the paging links.
	g := wantStatus(t, b.get("/console/audit?company="+url.QueryEscape(e.globex)), 200).body
	if !strings.Contains(g, "Entries 1–50 of 51.") || !strings.Contains(g, "company="+e.globex) || strings.Contains(g, "Olivia Owner") {
		t.Fatalf("Globex:\n%s", g)
	}
}

// Entries the server's command line wrote name it in the agent's language,
// not with the English name stored with them.
func TestAuditNamesTheCommandLineInTheAgentsLanguage(t *testing.T) {
	e := newEnv(t) // its customers were created as by the command line
	b := e.browser()
	b.agent()
	de := wantStatus(t, b.get("/console/audit?lang=de"), 200).body
	if !strings.Contains(de, "Kommandozeile des Servers") || strings.Contains(de, "command line") {
		t.Fatalf("German audit page:\n%s", de)
	}
	en := wantStatus(t, b.get("/console/audit?lang=en"), 200).body
	if strings.Count(en, "server command line") != 2 || strings.Count(en, "command line") != 2 {
		t.Fatalf("English audit page:\n%s", en)
	}
}

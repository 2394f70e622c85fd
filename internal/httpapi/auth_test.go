package httpapi_test

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"supportportal/internal/applink"
	"supportportal/internal/servercore"
	"supportportal/internal/serverstore/storetest"
	"supportportal/internal/syncproto"
)

func TestPasswordHash(t *testing.T) {
	h, err := servercore.HashPassword("s3cret password")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q", h)
	}
	if !servercore.CheckPassword(h, "s3cret password") || servercore.CheckPassword(h, "s3cret passworD") {
		t.Fatal("check")
	}
	for _, bad := range []string{"", "$argon2id$", "$bcrypt$x$y$z$w", strings.Replace(h, "m=19456", "m=0", 1)} {
		t.Run(fmt.Sprintf("%.20q", bad), func(t *testing.T) {
			if servercore.CheckPassword(bad, "s3cret password") {
				t.Fatalf("malformed hash %q matched", bad)
			}
		})
	}
	h2, _ := servercore.HashPassword("s3cret password")
	if h2 == h {
		t.Fatal("salt not random")
	}
}

// The whole sign-in story: invitation mail, set password, wrong password,
// sign-in, an authenticated call, sign-out.
func TestSignInFlow(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	id, err := e.st.CreatePerson(ctx, servercore.Person{Person: syncproto.Person{VendorID: e.vendorID, CompanyID: e.acme, Kind: servercore.KindCustomer, Email: "Olivia@Acme.example", Name: "Olivia", ProductRole: servercore.RoleAccountOwner}})
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.st.PersonByEmail(ctx, "olivia@acme.example")
	if err != nil || p.ID != id {
		t.Fatalf("person %+v %v", p, err)
	}
	// No password yet: sign-in fails like a wrong password.
	_, reason := e.expect(e.do("POST", "/v1/auth/sign-in", "", map[string]string{"email": "olivia@acme.example", "password": testPassword}), 401).apiErr(t)
	if reason != "invalid_credentials" {
		t.Fatal(reason)
	}

	link, err := e.api.Core().SendPasswordLink(ctx, p, "invite")
	if err != nil {
		t.Fatal(err)
	}
	mails := e.mails()
	if len(mails) != 1 || !strings.Contains(mails[0], "To: olivia@acme.example") || !strings.Contains(mails[0], link) ||
		!strings.HasPrefix(link, "https://portal.example.com/set-password?token=") {
		t.Fatalf("mail %v link %s", mails, link)
	}
	tok := mailToken(t, mails[0])
	// Beside the browser's link, the app's (internal/applink): the same
	// token, and this server's address for the app to check.
	app := regexp.MustCompile(`supportportal://\S+`).FindString(mails[0])
	l, err := applink.Parse(app)
	if err != nil || l != (applink.Link{Token: tok, Server: "https://portal.example.com"}) ||
		app != "supportportal://set-password?token="+tok+"&server=https%3A%2F%2Fportal.example.com" {
		t.Fatalf("app link %q: %+v %v\n%s", app, l, err, mails[0])
	}

	_, reason = e.expect(e.do("POST", "/v1/auth/set-password", "", map[string]string{"token": tok, "password": "short"}), 400).apiErr(t)
	if reason != "password_too_short" {
		t.Fatal(reason)
	}
	e.expect(e.do("POST", "/v1/auth/set-password", "", map[string]string{"token": tok, "password": testPassword}), 200)
	// One time only.
	_, reason = e.expect(e.do("POST", "/v1/auth/set-password", "", map[string]string{"token": tok, "password": testPassword + "2"}), 404).apiErr(t)
	if reason != "invalid_token" {
		t.Fatal(reason)
	}

	code, reason := e.expect(e.do("POST", "/v1/auth/sign-in", "", map[string]string{"email": "olivia@acme.example", "password": "wrong password!"}), 401).apiErr(t)
	if code != "unauthorized" || reason != "invalid_credentials" {
		t.Fatal(code, reason)
	}
	bearer := e.signIn("OLIVIA@acme.example ")
	var me struct {
		Person servercore.Person
	}
	e.expect(e.do("GET", "/v1/me", bearer, nil), 200).json(t, &me)
	if me.Person.ID != id || me.Person.CompanyName != "Acme" {
		t.Fatalf("me %+v", me)
	}
	// Only the SHA-256 of the session token is stored (no product path
	// shows how a session is kept: read the file).
	n := storetest.Count(t, e.st.Path, `SELECT count(*) FROM session WHERE token_hash = ?`, servercore.TokenHash(bearer))
	raw := storetest.Count(t, e.st.Path, `SELECT count(*) FROM session WHERE token_hash = ?`, bearer)
	if n != 1 || raw != 0 {
		t.Fatalf("session rows by hash %d, by token %d", n, raw)
	}

	e.expect(e.do("POST", "/v1/auth/sign-out", bearer, nil), 204)
	_, reason = e.expect(e.do("GET", "/v1/me", bearer, nil), 401).apiErr(t)
	if reason != "session_ended" {
		t.Fatal(reason)
	}
	_, reason = e.expect(e.do("GET", "/v1/cases", "", nil), 401).apiErr(t)
	if reason != "no_session" {
		t.Fatal(reason)
	}
}

func TestSignInRefusals(t *testing.T) {
	e := newEnv(t)
	e.person(e.trial, servercore.RoleAccountOwner, "owner@trial.example")
	e.person(e.acme, servercore.RoleOther, "learner@acme.example")
	e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	cases := []struct {
		email, password string
		status          int
		reason          string
	}{
		{"owner@trial.example", testPassword, 403, "trial_company"},
		{"learner@acme.example", testPassword, 403, "role_not_allowed"},
		// Refusals are told only to someone who knows the password.
		{"learner@acme.example", "not the password", 401, "invalid_credentials"},
		{"nobody@acme.example", testPassword, 401, "invalid_credentials"},
		{"admin@acme.example", "", 401, "invalid_credentials"},
	}
	for _, c := range cases {
		t.Run(c.email, func(t *testing.T) {
			r := e.expect(e.do("POST", "/v1/auth/sign-in", "", map[string]string{"email": c.email, "password": c.password}), c.status)
			if _, reason := r.apiErr(t); reason != c.reason {
				t.Errorf("%s: reason %q, want %q", c.email, reason, c.reason)
			}
		})
	}
	e.signIn("admin@acme.example")
	_, reason := e.expect(e.do("POST", "/v1/auth/sign-in", "", `{"email": `), 400).apiErr(t)
	if reason != "bad_json" {
		t.Fatal(reason)
	}
}

func TestDeactivatedUser(t *testing.T) {
	e := newEnv(t)
	id := e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	tok1, tok2 := e.signIn("admin@acme.example"), e.signIn("admin@acme.example")
	e.expect(e.do("GET", "/v1/cases", tok1, nil), 200)
	if err := e.st.SetPortalAccess(context.Background(), id, servercore.AccessDeactivated); err != nil {
		t.Fatal(err)
	}
	for i, tok := range []string{tok1, tok2} {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			if _, reason := e.expect(e.do("GET", "/v1/cases", tok, nil), 401).apiErr(t); reason != "session_ended" {
				t.Fatal(reason)
			}
		})
	}
	r := e.expect(e.do("POST", "/v1/auth/sign-in", "", map[string]string{"email": "admin@acme.example", "password": testPassword}), 403)
	if _, reason := r.apiErr(t); reason != "access_deactivated" {
		t.Fatal(reason)
	}
	// Forgot Password sends nothing to a deactivated person.
	e.expect(e.do("POST", "/v1/auth/forgot-password", "", map[string]string{"email": "admin@acme.example"}), 202)
	if len(e.mails()) != 0 {
		t.Fatal("mail sent to a deactivated person")
	}
	if err := e.st.SetPortalAccess(context.Background(), id, servercore.AccessActive); err != nil {
		t.Fatal(err)
	}
	// The deactivation ended both sessions for good: with access back,
	// their tokens still work no more.
	for i, tok := range []string{tok1, tok2} {
		if _, reason := e.expect(e.do("GET", "/v1/cases", tok, nil), 401).apiErr(t); reason != "session_ended" {
			t.Fatalf("session %d after reactivation: %s", i, reason)
		}
	}
	e.signIn("admin@acme.example")
}

func TestSignInRateLimit(t *testing.T) {
	e := newEnv(t)
	e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	e.person(e.acme, servercore.RoleAccountOwner, "owner@acme.example")
	for i := 0; i < 5; i++ {
		e.expect(e.do("POST", "/v1/auth/sign-in", "", map[string]string{"email": "admin@acme.example", "password": "guess"}), 401)
	}
	// Even the right password is refused until the window passes.
	r := e.expect(e.do("POST", "/v1/auth/sign-in", "", map[string]string{"email": "Admin@acme.example", "password": testPassword}), 429)
	if code, reason := r.apiErr(t); code != "rate_limited" || reason != "too_many_attempts" || r.header.Get("Retry-After") == "" {
		t.Fatal(code, reason, r.header)
	}
	// Another e-mail from the same address is not affected.
	e.signIn("owner@acme.example")
}

func TestForgotPassword(t *testing.T) {
	e := newEnv(t)
	e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	old := e.signIn("admin@acme.example")
	e.expect(e.do("POST", "/v1/auth/forgot-password", "", map[string]string{"email": "nobody@acme.example"}), 202)
	if len(e.mails()) != 0 {
		t.Fatal("mail sent for an unknown address")
	}
	e.expect(e.do("POST", "/v1/auth/forgot-password", "", map[string]string{"email": "ADMIN@acme.example"}), 202)
	mails := e.mails()
	if len(mails) != 1 || !strings.Contains(mails[0], "Reset your") ||
		!strings.Contains(mails[0], "supportportal://set-password?token="+mailToken(t, mails[0])+"&server=") {
		t.Fatalf("mails %v", mails)
	}
	e.expect(e.do("POST", "/v1/auth/set-password", "", map[string]string{"token": mailToken(t, mails[0]), "password": "a brand new password"}), 200)
	// Setting a password ends the sessions that were open.
	e.expect(e.do("GET", "/v1/cases", old, nil), 401)
	e.expect(e.do("POST", "/v1/auth/sign-in", "", map[string]string{"email": "admin@acme.example", "password": testPassword}), 401)
	e.expect(e.do("POST", "/v1/auth/sign-in", "", map[string]string{"email": "admin@acme.example", "password": "a brand new password"}), 200)
}

func TestAgentOnlyAndCustomerOnly(t *testing.T) {
	e := newEnv(t)
	e.person(e.acme, servercore.RoleAdministrator, "admin@acme.example")
	e.person("", "", "agent@vendor.example")
	cust, agent := e.signIn("admin@acme.example"), e.signIn("agent@vendor.example")
	id, _ := e.newCase(cust)
	if _, reason := e.expect(e.do("POST", "/v1/agent/cases/"+id+"/status", cust, map[string]string{"status": "solved"}), 403).apiErr(t); reason != "agents_only" {
		t.Fatal(reason)
	}
	if _, reason := e.expect(e.do("GET", "/v1/cases", agent, nil), 403).apiErr(t); reason != "customers_only" {
		t.Fatal(reason)
	}
	e.expect(e.do("GET", "/v1/agent/cases/"+id, agent, nil), 200)
	var page syncproto.CasePage
	e.expect(e.do("GET", "/v1/agent/cases", agent, nil), 200).json(t, &page)
	if page.Total != 1 {
		t.Fatalf("agent sees %d cases", page.Total)
	}
}

// The link in the e-mail opens a plain HTML form that sets the password.
func TestSetPasswordPage(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.st.CreatePerson(ctx, servercore.Person{Person: syncproto.Person{VendorID: e.vendorID, CompanyID: e.acme, Kind: servercore.KindCustomer, Email: "new@acme.example", Name: "New", ProductRole: servercore.RoleAdministrator}}); err != nil {
		t.Fatal(err)
	}
	p, _ := e.st.PersonByEmail(ctx, "new@acme.example")
	link, err := e.api.Core().SendPasswordLink(ctx, p, "invite")
	if err != nil {
		t.Fatal(err)
	}
	tok := mailToken(t, link)
	page := e.expect(e.do("GET", "/set-password?token="+tok, "", nil), 200)
	if !strings.Contains(string(page.body), `value="`+tok+`"`) || page.header.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("page %s %v", page.body, page.header)
	}
	// "Open in the app": the app's link with the same token, as written
	// (html/template would turn an unknown scheme into #ZgotmplZ).
	appHref := `href="supportportal://set-password?token=` + tok + `&amp;server=https%3A%2F%2Fportal.example.com"`
	if !strings.Contains(string(page.body), appHref) || !strings.Contains(string(page.body), "Open in the Support Portal app") {
		t.Fatalf("no Open in the app button (%s):\n%s", appHref, page.body)
	}
	// A token that is not one (someone edited the address) gets no app
	// link; what the page prints is escaped.
	odd := e.expect(e.do("GET", "/set-password?token="+url.QueryEscape(`"><script>x</script>`), "", nil), 200)
	if strings.Contains(string(odd.body), "supportportal://") || strings.Contains(string(odd.body), "<script>") {
		t.Fatalf("odd token:\n%s", odd.body)
	}
	form := func(pw, confirm string) resp {
		req := url.Values{"token": {tok}, "password": {pw}, "confirm": {confirm}}
		res, err := e.srv.Client().PostForm(e.srv.URL+"/set-password", req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return resp{status: res.StatusCode, body: b}
	}
	if r := form(testPassword, "different"); r.status != 400 || !strings.Contains(string(r.body), "not the same") {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if r := form("short", "short"); r.status != 400 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if r := form(testPassword, testPassword); r.status != 200 || !strings.Contains(string(r.body), "new@acme.example") || strings.Contains(string(r.body), "supportportal://") {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if r := form(testPassword, testPassword); r.status != 404 {
		t.Fatalf("reused link: %d", r.status)
	}
	e.signIn("new@acme.example")
}

package httpapi_test

import (
	"context"
	"io"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"supportportal/internal/httpapi"
	"supportportal/internal/must"
	"supportportal/internal/servercore"
	"supportportal/internal/syncproto"
)

// inviteToken creates a customer of Acme without a password and returns a
// set-password token for them.
func (e *env) inviteToken(email string) string {
	e.t.Helper()
	ctx := context.Background()
	if _, err := e.st.CreatePerson(ctx, servercore.Person{Person: syncproto.Person{VendorID: e.vendorID, CompanyID: e.acme, Kind: servercore.KindCustomer, Email: email, Name: email, ProductRole: servercore.RoleAdministrator}}); err != nil {
		e.t.Fatal(err)
	}
	p := must.Get(e.st.PersonByEmail(ctx, email))
	return mailToken(e.t, must.Get(e.api.Core().SendPasswordLink(ctx, p, "invite")))
}

// The token is checked before anything else is done with the request: a
// made-up token is answered invalid_token even with a password that would
// be refused, and no argon2id hash is computed for it (shown by holding
// every hash slot: the answer still comes at once, not server_busy). Every
// set-password request counts against its address, form and API alike.
func TestSetPasswordTokenFirstAndLimited(t *testing.T) {
	e := newEnv(t)
	tok := e.inviteToken("new@acme.example")
	release := e.api.Core().HoldHashSlot()
	for range e.api.Core().HashSlots() - 1 {
		defer e.api.Core().HoldHashSlot()()
	}
	_, reason := e.expect(e.do("POST", "/v1/auth/set-password", "", map[string]string{"token": "made-up", "password": "short"}), 404).apiErr(t)
	if reason != "invalid_token" {
		t.Fatalf("made-up token with a short password: %s", reason)
	}
	_, reason = e.expect(e.do("POST", "/v1/auth/set-password", "", map[string]string{"token": "made-up", "password": testPassword}), 404).apiErr(t)
	if reason != "invalid_token" {
		t.Fatalf("made-up token: %s", reason)
	}
	// A real token with every slot taken: busy, and the token still works.
	_, reason = e.expect(e.do("POST", "/v1/auth/set-password", "", map[string]string{"token": tok, "password": testPassword}), 503).apiErr(t)
	if reason != "server_busy" {
		t.Fatal(reason)
	}
	release()
	_, reason = e.expect(e.do("POST", "/v1/auth/set-password", "", map[string]string{"token": tok, "password": "short"}), 400).apiErr(t)
	if reason != "password_too_short" {
		t.Fatal(reason)
	}
	form := func(token string) int {
		res, err := e.srv.Client().PostForm(e.srv.URL+"/set-password", url.Values{"token": {token}, "password": {testPassword}, "confirm": {testPassword}})
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode
	}
	if st := form("made-up"); st != 404 {
		t.Fatalf("form with a made-up token: %d", st)
	}
	// Five requests so far from this address; five more are allowed.
	for i := range 5 {
		e.expect(e.do("POST", "/v1/auth/set-password", "", map[string]string{"token": "made-up-" + string(rune('a'+i)), "password": testPassword}), 404)
	}
	r := e.expect(e.do("POST", "/v1/auth/set-password", "", map[string]string{"token": tok, "password": testPassword}), 429)
	if _, reason := r.apiErr(t); reason != "too_many_attempts" || r.header.Get("Retry-After") == "" {
		t.Fatalf("%s %v", reason, r.header)
	}
	if st := form(tok); st != 429 {
		t.Fatalf("form over the limit: %d", st)
	}
	// The limit refused before the token was used: it works once the
	// window has passed.
	e.advance(16 * time.Minute)
	e.expect(e.do("POST", "/v1/auth/set-password", "", map[string]string{"token": tok, "password": testPassword}), 200)
	e.signIn("new@acme.example")
}

// When every hash slot is taken, sign-in and set-password wait briefly and
// then answer 503 server_busy with Retry-After, changing nothing.
func TestHashSlotsAnswerBusy(t *testing.T) {
	e := newEnv(t, func(c *httpapi.Config) {
		c.HashMemory = 2 * servercore.HashSlotBytes
		c.HashWait = 20 * time.Millisecond
	})
	// Two slots fit in 38 MiB; one processor is always left free.
	if want := max(min(2, runtime.GOMAXPROCS(0)-1), 1); e.api.Core().HashSlots() != want {
		t.Fatalf("%d slots for 38 MiB on %d processors, want %d", e.api.Core().HashSlots(), runtime.GOMAXPROCS(0), want)
	}
	e.person(e.acme, servercore.RoleAccountOwner, "olivia@acme.example")
	tok := e.inviteToken("new@acme.example")
	var held []func()
	for range e.api.Core().HashSlots() {
		held = append(held, e.api.Core().HoldHashSlot())
	}
	r := e.expect(e.do("POST", "/v1/auth/sign-in", "", map[string]string{"email": "olivia@acme.example", "password": testPassword}), 503)
	if code, reason := r.apiErr(t); code != servercore.EUnavailable || reason != "server_busy" || r.header.Get("Retry-After") != "1" {
		t.Fatalf("%s %s %v", code, reason, r.header)
	}
	r = e.expect(e.do("POST", "/v1/auth/set-password", "", map[string]string{"token": tok, "password": testPassword}), 503)
	if _, reason := r.apiErr(t); reason != "server_busy" {
		t.Fatal(reason)
	}
	res, err := e.srv.Client().PostForm(e.srv.URL+"/set-password", url.Values{"token": {tok}, "password": {testPassword}, "confirm": {testPassword}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 503 || !strings.Contains(string(b), "busy") {
		t.Fatalf("form: %d %s", res.StatusCode, b)
	}
	// A busy answer is no failed sign-in: none counts against the limit.
	for range 6 {
		e.expect(e.do("POST", "/v1/auth/sign-in", "", map[string]string{"email": "olivia@acme.example", "password": testPassword}), 503)
	}
	for _, release := range held {
		release()
	}
	e.signIn("olivia@acme.example")
	e.expect(e.do("POST", "/v1/auth/set-password", "", map[string]string{"token": tok, "password": testPassword}), 200)
	e.signIn("new@acme.example")
}

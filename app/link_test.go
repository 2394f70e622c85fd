package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"supportportal/app"
	"supportportal/internal/applink"
	"supportportal/internal/appstore"
	"supportportal/internal/httpapi"
	"supportportal/internal/mailout"
	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/serverstore"
	"supportportal/internal/syncproto"
)

// syncBuffer is a log the sync engine and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// inviteServer is the real central server on loopback, its public
// address its own, with one company whose owner has no password yet. invite
// e-mails the owner an invitation and returns the app link in it.
type inviteServer struct {
	URL    string
	invite func() string
}

var appLinkRe = regexp.MustCompile(`supportportal://\S+`)

func newInviteServer(t *testing.T) inviteServer {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := serverstore.Open(ctx, filepath.Join(dir, "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	mailDir := filepath.Join(dir, "mail")
	api := httpapi.New(httpapi.Config{Config: servercore.Config{
		Store: st, Mail: &mailout.Outbox{Dir: mailDir, From: "s@example.com"}, PublicURL: base,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))},
		FilesDir: filepath.Join(dir, "files"),
	})
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: api}}
	srv.Start()
	t.Cleanup(srv.Close)
	vendor, _ := st.CreateVendor(ctx, "demo", syncproto.Profile{Vendor: portal.DefaultVendorProfile(), Categories: portal.DefaultComponentCategories()})
	company, _ := st.CreateCompany(ctx, servercore.Company{VendorID: vendor, Name: "Acme", Status: servercore.CompanyActive})
	if _, err := st.CreatePerson(ctx, servercore.Person{Person: syncproto.Person{VendorID: vendor, CompanyID: company, Kind: servercore.KindCustomer,
		Email: "ann@acme.example", Name: "Ann", ProductRole: servercore.RoleAccountOwner}}); err != nil {
		t.Fatal(err)
	}
	return inviteServer{URL: base, invite: func() string {
		t.Helper()
		p, err := st.PersonByEmail(ctx, "ann@acme.example")
		if err != nil {
			t.Fatal(err)
		}
		link, err := api.Core().SendPasswordLink(ctx, p, "invite")
		if err != nil {
			t.Fatal(err)
		}
		// The newest mail, read like a mail program would.
		ents, _ := os.ReadDir(mailDir)
		b, err := os.ReadFile(filepath.Join(mailDir, ents[len(ents)-1].Name()))
		if err != nil {
			t.Fatal(err)
		}
		m := appLinkRe.FindString(string(b))
		if m == "" || !strings.Contains(string(b), link) {
			t.Fatalf("the mail has no app link beside %s:\n%s", link, b)
		}
		return strings.TrimSpace(m)
	}}
}

// newLinkApp is an app set up for server preset, logging into log.
func newLinkApp(t *testing.T, preset string, log io.Writer) (*app.App, *recorder) {
	t.Helper()
	dir := t.TempDir()
	db, err := appstore.Open(context.Background(), filepath.Join(dir, "portal.db"), appstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	a := app.New(app.Config{DataDir: dir, DB: db, NoKeychain: true, Server: preset, Logger: slog.New(slog.NewTextHandler(log, nil))})
	rec := &recorder{}
	app.NewHost(a).Startup(context.Background(), rec)
	t.Cleanup(func() { _ = a.SignOut() })
	return a, rec
}

// The first run: the app is set up for the vendor's server, the link from
// the invitation e-mail opens "Choose your password", and choosing one
// signs in as the person the server names.
func TestLinkFromTheInvitationSetsThePasswordAndSignsIn(t *testing.T) {
	srv := newInviteServer(t)
	log := &syncBuffer{}
	a, rec := newLinkApp(t, srv.URL, log)
	if a.ConfiguredServer() != srv.URL {
		t.Fatalf("ConfiguredServer %q", a.ConfiguredServer())
	}
	if l, err := a.PasswordLink(); l != nil || err != nil {
		t.Fatalf("a link before any was opened: %+v %v", l, err)
	}
	link := srv.invite()
	tok := mustParse(t, link).Token
	app.NewHost(a).OpenLink(link)
	if rec.names() != app.EventLinkOpened || rec.focused != 1 {
		t.Fatalf("events %q, focused %d", rec.names(), rec.focused)
	}
	l, err := a.PasswordLink()
	if err != nil || l == nil || *l != (app.PasswordLink{Server: srv.URL, ConfirmServer: false, MinPasswordLength: portal.MinPasswordRunes}) {
		t.Fatalf("PasswordLink = %+v, %v", l, err)
	}

	// The server's rules come back translated, and the link stays.
	if pe := decode(t, second(a.SetPasswordFromLink(srv.URL, "short"))); pe.Reason != portal.ReasonPasswordTooShort || pe.Params["min"] != "10" {
		t.Fatalf("short password: %+v", pe)
	}
	if pe := decode(t, second(a.SetPasswordFromLink(srv.URL, ""))); pe.Reason != portal.ReasonRequired || pe.Field != "password" {
		t.Fatalf("no password: %+v", pe)
	}
	if l, _ := a.PasswordLink(); l == nil {
		t.Fatal("a refused password dropped the link")
	}

	res, err := a.SetPasswordFromLink(srv.URL, pw)
	if err != nil || res.Email != "ann@acme.example" || res.SignInError != nil || res.Account == nil ||
		!res.Account.SignedIn || res.Account.ServerURL != srv.URL || res.Account.Name != "Ann" || res.Account.CompanyName != "Acme" {
		t.Fatalf("SetPasswordFromLink = %+v (account %+v), %v", res, res.Account, err)
	}
	acc, err := a.Account()
	if err != nil || acc == nil || acc.Email != "ann@acme.example" {
		t.Fatalf("Account = %+v, %v", acc, err)
	}
	// The token is used up: the screen goes, and the link cannot be reused.
	if l, err := a.PasswordLink(); l != nil || err != nil {
		t.Fatalf("the link stayed: %+v %v", l, err)
	}
	if pe := decode(t, second(a.SetPasswordFromLink(srv.URL, pw))); pe.Reason != portal.ReasonNoPasswordLink {
		t.Fatalf("again: %+v", pe)
	}
	app.NewHost(a).OpenLink(link)
	if pe := decode(t, second(a.SetPasswordFromLink(srv.URL, pw+"!"))); pe.Reason != portal.ReasonInvalidToken {
		t.Fatalf("a used link: %+v", pe)
	}
	if strings.Contains(log.String(), tok) {
		t.Fatalf("the token is in the log:\n%s", log)
	}
}

// A second launch with the link (the system starts the app for it while
// it runs) hands it to the running window; one without just focuses it.
func TestSecondInstanceHandsTheLinkToTheRunningWindow(t *testing.T) {
	srv := newInviteServer(t)
	a, rec := newLinkApp(t, srv.URL, io.Discard)
	h := app.NewHost(a)
	h.SecondInstance([]string{"--data-dir", "/elsewhere"})
	if rec.focused != 1 || rec.names() != "" {
		t.Fatalf("plain second launch: focused %d, events %q", rec.focused, rec.names())
	}
	if l, _ := a.PasswordLink(); l != nil {
		t.Fatal("a link from nowhere")
	}
	h.SecondInstance([]string{"--data-dir", "/elsewhere", srv.invite()})
	if rec.focused != 2 || rec.names() != app.EventLinkOpened {
		t.Fatalf("second launch with a link: focused %d, events %q", rec.focused, rec.names())
	}
	if l, err := a.PasswordLink(); err != nil || l == nil || l.Server != srv.URL {
		t.Fatalf("PasswordLink = %+v, %v", l, err)
	}
	res, err := a.SetPasswordFromLink(srv.URL, pw)
	if err != nil || res.Account == nil {
		t.Fatalf("%+v %v", res, err)
	}
	// Cancel forgets a waiting link.
	h.SecondInstance([]string{srv.invite()})
	a.DismissPasswordLink()
	if l, err := a.PasswordLink(); l != nil || err != nil {
		t.Fatalf("dismissed link: %+v %v", l, err)
	}
}

// A link never makes the app talk to a server the person did not choose:
// a link naming another server is refused before anything is sent, and
// so is another server sent back from the page.
func TestLinkForAnotherServerIsRefused(t *testing.T) {
	var hits atomic.Int32
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"email":"ann@acme.example","token":"x"}`))
	}))
	defer evil.Close()
	srv := newInviteServer(t)
	a, rec := newLinkApp(t, srv.URL, io.Discard)
	h := app.NewHost(a)
	tok := mustParse(t, srv.invite()).Token

	h.OpenLink(applink.SetPassword(tok, evil.URL))
	if rec.names() != app.EventLinkOpened {
		t.Fatalf("events %q", rec.names())
	}
	l, err := a.PasswordLink()
	pe := decode(t, err)
	if l != nil || pe.Reason != portal.ReasonLinkOtherServer || pe.Params["value"] != evil.URL || pe.Params["server"] != srv.URL {
		t.Fatalf("PasswordLink = %+v, %+v", l, pe)
	}
	if pe := decode(t, second(a.SetPasswordFromLink(evil.URL, pw))); pe.Reason != portal.ReasonNoPasswordLink {
		t.Fatalf("refused link, set anyway: %+v", pe)
	}

	// The right link; the page sends another server back.
	h.OpenLink(applink.SetPassword(tok, srv.URL))
	if pe := decode(t, second(a.SetPasswordFromLink(evil.URL, pw))); pe.Reason != portal.ReasonLinkOtherServer || pe.Field != "serverUrl" {
		t.Fatalf("other server from the page: %+v", pe)
	}
	if hits.Load() != 0 {
		t.Fatalf("the other server got %d requests", hits.Load())
	}
	if acc, _ := a.Account(); acc != nil {
		t.Fatalf("signed in: %+v", acc)
	}
	// Plain http to another machine is refused as ever.
	h.OpenLink(applink.SetPassword(tok, "http://support.example.com"))
	if pe := decode(t, second(a.PasswordLink())); pe.Reason != portal.ReasonInsecureServerURL {
		t.Fatalf("insecure server: %+v", pe)
	}
}

// With no server set up and nobody signed in yet, the link's server is
// shown for the person to check before anything is sent.
func TestLinkWithNothingConfiguredAsksForTheServer(t *testing.T) {
	srv := newInviteServer(t)
	a, _ := newLinkApp(t, "", io.Discard)
	if a.ConfiguredServer() != "" {
		t.Fatal(a.ConfiguredServer())
	}
	app.NewHost(a).OpenLink(srv.invite())
	l, err := a.PasswordLink()
	if err != nil || l == nil || !l.ConfirmServer || l.Server != srv.URL {
		t.Fatalf("PasswordLink = %+v, %v", l, err)
	}
	res, err := a.SetPasswordFromLink(srv.URL, pw)
	if err != nil || res.Account == nil || res.Account.ServerURL != srv.URL {
		t.Fatalf("%+v %v", res, err)
	}
	// Now the app knows this server: a link for another is refused.
	app.NewHost(a).OpenLink(applink.SetPassword(mustParse(t, srv.invite()).Token, "https://other.example"))
	if pe := decode(t, second(a.PasswordLink())); pe.Reason != portal.ReasonLinkOtherServer || pe.Params["server"] != srv.URL {
		t.Fatalf("%+v", pe)
	}
}

// Hostile links are refused with a translated reason, and neither they
// nor their tokens reach the log.
func TestHostileLinksAreRefusedAndNotLogged(t *testing.T) {
	log := &syncBuffer{}
	a, _ := newLinkApp(t, "https://support.example.com", log)
	tok := strings.Repeat("T", applink.TokenLen)
	for _, raw := range []string{
		"https://support.example.com/set-password?token=" + tok,
		"supportportal://set-password?token=" + tok + "&email=x@example.com",
		"supportportal://set-password?token=" + tok[1:],
		"supportportal://delete-everything?token=" + tok,
		"supportportal://set-password?token=" + tok + "&server=" + strings.Repeat("a", 1<<20),
	} {
		app.NewHost(a).OpenLink(raw)
		l, err := a.PasswordLink()
		if pe := decode(t, err); l != nil || pe.Reason != portal.ReasonBadLink {
			t.Errorf("%.80s: %+v %+v", raw, l, pe)
		}
	}
	if strings.Contains(log.String(), "TTTTTTTTTT") || !strings.Contains(log.String(), "reason=bad_link") {
		t.Fatalf("log:\n%s", log)
	}
}

func mustParse(t *testing.T, raw string) applink.Link {
	t.Helper()
	l, err := applink.Parse(raw)
	if err != nil {
		t.Fatalf("Parse(%q): %v", raw, err)
	}
	return l
}

func second[T any](_ T, err error) error { return err }

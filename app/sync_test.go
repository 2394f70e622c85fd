package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"supportportal/internal/mailout"
	"supportportal/internal/portal"
	"supportportal/internal/server"
	"supportportal/internal/serverdb"
)

const pw = "correct horse battery staple"

// testServer is the real central server on loopback with one company and
// two of its people.
func testServer(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := serverdb.Open(ctx, filepath.Join(dir, "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv := httptest.NewServer(server.New(server.Config{Store: st, Mail: &mailout.Outbox{Dir: filepath.Join(dir, "mail"), From: "s@example.com"},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	t.Cleanup(srv.Close)
	vendor, _ := st.CreateVendor(ctx, "demo", server.Profile{Vendor: portal.DefaultVendorProfile(), Categories: portal.DefaultComponentCategories()})
	company, _ := st.CreateCompany(ctx, server.Company{VendorID: vendor, Name: "Acme", Status: server.CompanyActive})
	trial, _ := st.CreateCompany(ctx, server.Company{VendorID: vendor, Name: "Trial Co", Status: server.CompanyTrial})
	hash, _ := server.HashPassword(pw)
	for _, p := range []server.Person{
		{CompanyID: company, Email: "ann@acme.example", Name: "Ann", ProductRole: server.RoleAccountOwner},
		{CompanyID: company, Email: "bob@acme.example", Name: "Bob", ProductRole: server.RoleAdministrator},
		{CompanyID: trial, Email: "tia@trial.example", Name: "Tia", ProductRole: server.RoleAccountOwner},
	} {
		p.VendorID, p.Kind, p.PasswordHash = vendor, server.KindCustomer, hash
		if _, err := st.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	return srv.URL
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestSignInSyncsAndSwitchingAccountsNeverMixesData(t *testing.T) {
	base := testServer(t)
	a, _, _ := newApp(t)
	defer a.SignOut()

	// Refusals say why, in the UI's error shape.
	if _, err := a.SignIn(base, "ann@acme.example", "wrong"); decode(t, err).Reason != "invalid_credentials" {
		t.Fatalf("wrong password: %v", err)
	}
	if _, err := a.SignIn(base, "tia@trial.example", pw); decode(t, err).Reason != "trial_company" {
		t.Fatalf("trial company: %v", err)
	}
	if _, err := a.SignIn("http://support.example.com", "ann@acme.example", pw); decode(t, err).Reason != "insecure_server_url" {
		t.Fatalf("plain http: %v", err)
	}
	if _, err := a.SignIn("http://127.0.0.1:1", "ann@acme.example", pw); decode(t, err).Reason != "server_unreachable" {
		t.Fatalf("unreachable: %v", err)
	}
	if acc, _ := a.Account(); acc != nil {
		t.Fatal("a refused sign-in left an account")
	}

	// Written offline, before signing in: waits in the outbox.
	d, _ := a.SaveDraft(portal.DraftInput{Subject: "Enrollment fails", CategoryID: "courses", SubcategoryID: "courses.enrollment", Description: "Error 500"})
	c, err := a.SubmitDraft(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	acc, err := a.SignIn(base, "ann@acme.example", pw)
	if err != nil || acc.Name != "Ann" || acc.CompanyName != "Acme" {
		t.Fatalf("sign in: %+v %v", acc, err)
	}
	waitFor(t, "the case to be sent", func() bool {
		got, _ := a.GetCase(c.ID)
		return got.Number == 1
	})
	st, _ := a.GetSyncStatus()
	if !st.SignedIn || st.Waiting != 0 || st.LastSyncAt == nil {
		t.Fatalf("status %+v", st)
	}

	// Bob signs in on this computer: Ann's company data is replaced by
	// Bob's view (the same company here), never merged with another's.
	if err := a.SignOut(); err != nil {
		t.Fatal(err)
	}
	d2, _ := a.SaveDraft(portal.DraftInput{Subject: "Written while signed out", CategoryID: "courses", SubcategoryID: "courses.enrollment", Description: "x"})
	a.SubmitDraft(d2.ID)
	if _, err := a.SignIn(base, "bob@acme.example", pw); decode(t, err).Reason != "outbox_not_empty" {
		t.Fatalf("switching with unsent changes: %v", err)
	}
	// Ann signs in again and her waiting case goes out.
	if _, err := a.SignIn(base, "ann@acme.example", pw); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the second case to be sent", func() bool {
		s, _ := a.GetSyncStatus()
		return s.Waiting == 0
	})
	a.SignOut()
	if _, err := a.SignIn(base, "bob@acme.example", pw); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "Bob's first sync", func() bool {
		p, _ := a.ListCases(portal.CaseFilter{})
		return p.Total == 2
	})
	mine, _ := a.ListCases(portal.CaseFilter{Mine: true})
	if mine.Total != 0 {
		t.Fatalf("Ann's cases listed as Bob's: %+v", mine.Items)
	}
}

package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"supportportal/app"
	"supportportal/internal/httpapi"
	"supportportal/internal/mailout"
	"supportportal/internal/must"
	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/serverstore"
	"supportportal/internal/syncer"
	"supportportal/internal/syncproto"
)

// A release the vendor announces on the real server reaches a signed-in
// app through sync, is offered only when it is newer than the running app,
// and its download page opens in the browser (never a self-replacement).
func TestNewerReleaseOnTheServerReachesTheApp(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := serverstore.Open(ctx, filepath.Join(dir, "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := httptest.NewServer(httpapi.New(httpapi.Config{Config: servercore.Config{
		Store: st, Mail: &mailout.Outbox{Dir: filepath.Join(dir, "mail"), From: "s@example.com"},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))},
		FilesDir: filepath.Join(dir, "files"),
	}))
	defer srv.Close()
	vendor, err := st.CreateVendor(ctx, "demo", syncproto.Profile{Vendor: portal.DefaultVendorProfile(), Categories: portal.DefaultComponentCategories()})
	if err != nil {
		t.Fatal(err)
	}
	company, _ := st.CreateCompany(ctx, servercore.Company{VendorID: vendor, Name: "Acme", Status: servercore.CompanyActive})
	hash, _ := servercore.HashPassword(pw)
	if _, err := st.CreatePerson(ctx, servercore.Person{Person: syncproto.Person{VendorID: vendor, CompanyID: company, Kind: servercore.KindCustomer, Email: "ann@acme.example", Name: "Ann", ProductRole: servercore.RoleAccountOwner}, PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}

	oldVersion, oldEvery := app.Version, syncer.ProfileEvery
	app.Version, syncer.ProfileEvery = "1.2.0", 0 // fetch the profile with every sync
	t.Cleanup(func() { app.Version, syncer.ProfileEvery = oldVersion, oldEvery })

	a, rec, _ := newApp(t)
	defer func() { must.Do(a.SignOut()) }()
	if _, err := a.SignIn(srv.URL, "ann@acme.example", pw); err != nil {
		t.Fatal(err)
	}
	if u, err := a.CheckForUpdate(); err != nil || u != (portal.Update{Current: "1.2.0"}) {
		t.Fatalf("before any release: %+v, %v", u, err)
	}

	// The same version is announced: nothing to offer.
	if _, err := st.SetRelease(ctx, "", "1.2.0", "https://downloads.example.com/portal"); err != nil {
		t.Fatal(err)
	}
	if err := a.SyncNow(); err != nil {
		t.Fatal(err)
	}
	same := portal.Update{Current: "1.2.0", Latest: "1.2.0", DownloadURL: "https://downloads.example.com/portal"}
	waitFor(t, "the announcement of 1.2.0", func() bool { u, _ := a.CheckForUpdate(); return u == same })

	// A newer one (1.10.0 > 1.2.0 by version, not by text).
	if _, err := st.SetRelease(ctx, "", "v1.10.0", "https://downloads.example.com/portal/1.10"); err != nil {
		t.Fatal(err)
	}
	if err := a.SyncNow(); err != nil {
		t.Fatal(err)
	}
	want := portal.Update{Current: "1.2.0", Latest: "1.10.0", DownloadURL: "https://downloads.example.com/portal/1.10", Available: true}
	var got portal.Update
	waitFor(t, "the newer release", func() bool { got, _ = a.CheckForUpdate(); return got == want })
	// The rest of the profile is untouched.
	if b := a.Bootstrap(); b.Vendor.Name != portal.DefaultVendorProfile().Name || b.Vendor.LatestVersion != "1.10.0" {
		t.Fatalf("bootstrap vendor = %+v", b.Vendor)
	}

	// The link goes through the app's external-link path to the browser.
	if err := a.OpenExternal(got.DownloadURL); err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	opened := append([]string(nil), rec.opened...)
	rec.mu.Unlock()
	if len(opened) != 1 || opened[0] != want.DownloadURL {
		t.Fatalf("opened %v", opened)
	}
}

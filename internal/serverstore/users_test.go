package serverstore_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/serverstore"
	"supportportal/internal/serverstore/storetest"
	"supportportal/internal/sqlitedb"
	"supportportal/internal/syncproto"
)

// A server already running with only the initial schema and real people
// upgrades in place: the portal-user migration keeps every person, adds
// the request and audit tables, and the new store methods work on the old
// rows. (The migration's number may change at merge; it relies on the
// initial schema only.)
func TestPortalUserMigrationUpgradesExistingData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	init, err := os.ReadFile(filepath.Join("migrations", "0001_init.sql"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Format(sqlitedb.TimeFormat)
	for _, q := range []string{string(init), `PRAGMA user_version = 1`,
		`INSERT INTO vendor (id, slug, profile, categories, created_at) VALUES ('v1', 'demo', '{"name":"Demo","portalUserLimit":4}', '[]', '` + now + `')`,
		`INSERT INTO company (id, vendor_id, name, status, created_at) VALUES ('c1', 'v1', 'Acme', 'active', '` + now + `')`,
		`INSERT INTO person (id, vendor_id, company_id, kind, email, name, product_role, created_at, updated_at)
			VALUES ('p1', 'v1', 'c1', 'customer', 'owner@acme.example', 'Owner', 'account_owner', '` + now + `', '` + now + `')`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q[:min(len(q), 40)], err)
		}
	}
	raw.Close()

	db, err := serverstore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, err := db.PersonByEmail(ctx, "owner@acme.example")
	if err != nil || p.ID != "p1" {
		t.Fatalf("person %+v %v", p, err)
	}
	c := servercore.Caller{Person: p}
	acc, err := db.Account(ctx, c)
	if err != nil || acc.ActiveUsers != 1 || acc.UserLimit != 4 || len(acc.Users) != 1 || acc.Users[0].LastSignInAt != nil {
		t.Fatalf("account %+v %v", acc, err)
	}
	if err := db.CreateSession(ctx, servercore.Session{TokenHash: "h", PersonID: "p1", CreatedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if acc, _ = db.Account(ctx, c); acc.Users[0].LastSignInAt == nil {
		t.Fatal("last sign-in not recorded")
	}
	req, err := db.RequestPortalUser(ctx, c, "01a20eb1-a359-7c6c-99a4-bf145a9defe8",
		portal.NewUserRequest{FirstName: "Ada", LastName: "L", Email: "ada@acme.example", ProductRole: portal.RoleAdministrator}, time.Now())
	if err != nil || req.Status != servercore.RequestPending || req.CompanyName != "Acme" {
		t.Fatalf("request %+v %v", req, err)
	}

	// The account revision (the changes feed's heads.accountRev) moves
	// with every change My Account shows, and not with another company's.
	rev := func() int64 {
		t.Helper()
		a, err := db.Account(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		page, err := db.Changes(ctx, "c1", 0, 10)
		if err != nil || page.Heads.AccountRev != a.Rev {
			t.Fatalf("changes heads %+v, account rev %d: %v", page.Heads, a.Rev, err)
		}
		return a.Rev
	}
	// The support agent who decides the request below.
	if _, err := db.CreatePerson(ctx, servercore.Person{Person: syncproto.Person{VendorID: "v1", Kind: servercore.KindAgent, Email: "agent@vendor.example", Name: "Sam"}}); err != nil {
		t.Fatal(err)
	}
	agent, err := db.PersonByEmail(ctx, "agent@vendor.example")
	if err != nil {
		t.Fatal(err)
	}
	agentCaller := servercore.Caller{Person: agent}
	last := rev()
	if last == 0 {
		t.Fatal("the request and the sign-in above left the revision at 0")
	}
	for _, step := range []struct {
		name  string
		do    func(t *testing.T) error
		moves bool
	}{
		{"another company's new person", func(*testing.T) error {
			other, err := db.CreateCompany(ctx, servercore.Company{VendorID: "v1", Name: "Globex", Status: servercore.CompanyActive})
			if err == nil {
				_, err = db.CreatePerson(ctx, servercore.Person{Person: syncproto.Person{VendorID: "v1", CompanyID: other, Kind: servercore.KindCustomer, Email: "gil@globex.example", Name: "Gil", ProductRole: servercore.RoleAdministrator}})
			}
			return err
		}, false},
		{"a session of nobody new", func(*testing.T) error { return db.DeleteSession(ctx, "h") }, false},
		{"a new person", func(*testing.T) error {
			_, err := db.CreatePerson(ctx, servercore.Person{Person: syncproto.Person{VendorID: "v1", CompanyID: "c1", Kind: servercore.KindCustomer, Email: "bo@acme.example", Name: "Bo", ProductRole: servercore.RoleAdministrator}})
			return err
		}, true},
		{"a deactivation", func(*testing.T) error { return db.SetPortalAccess(ctx, "p1", "deactivated") }, true},
		{"a request decided", func(*testing.T) error {
			_, err := db.RejectUserRequest(ctx, agentCaller, req.ID, "Not needed", time.Now())
			return err
		}, true},
		// No product path renames a company or changes the user limit
		// while the server runs; the revision must follow such edits too
		// (an operator's, say), so the test makes them in the file.
		{"the company renamed", func(t *testing.T) error {
			_, err := storetest.Edit(t, path).Exec(`UPDATE company SET name = 'Acme Corp' WHERE id = 'c1'`)
			return err
		}, true},
		{"the vendor's user limit", func(t *testing.T) error {
			storetest.EditVendorProfile(t, path, "v1", func(p *portal.VendorProfile) { p.PortalUserLimit = 5 })
			return nil
		}, true},
	} {
		t.Run(step.name, func(t *testing.T) {
			if err := step.do(t); err != nil {
				t.Fatalf("%s: %v", step.name, err)
			}
			now := rev()
			if (now != last) != step.moves {
				t.Errorf("%s: revision %d -> %d", step.name, last, now)
			}
			last = now
		})
	}
}

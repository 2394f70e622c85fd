package serverstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"supportportal/internal/must"
	"supportportal/internal/portal"
	"supportportal/internal/servercore"
	"supportportal/internal/serverstore"
	"supportportal/internal/serverstore/storetest"
	"supportportal/internal/syncproto"
)

func open(t *testing.T, path string) *serverstore.DB {
	t.Helper()
	db, err := serverstore.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestMigrations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "server.db")
	db := open(t, path)
	peek := storetest.Peek(t, path)
	var v int
	must.Do(peek.QueryRow(`PRAGMA user_version`).Scan(&v))
	if v != serverstore.SchemaVersion() || v < 1 {
		t.Fatalf("version %d", v)
	}
	var mode string
	must.Do(peek.QueryRow(`PRAGMA journal_mode`).Scan(&mode))
	if mode != "wal" {
		t.Fatalf("journal_mode %s", mode)
	}
	// Foreign keys are on: a company of no vendor is refused.
	if _, err := db.CreateCompany(ctx, servercore.Company{VendorID: "no-such-vendor", Name: "Orphan", Status: servercore.CompanyActive}); err == nil ||
		!strings.Contains(err.Error(), "FOREIGN KEY constraint failed") {
		t.Fatalf("a company of no vendor: %v", err)
	}
	db.Close()
	// Reopening applies nothing twice.
	db = open(t, path)
	db.Close()
	// A file a newer server wrote is refused (no product path writes a
	// schema version; the test plays the newer server).
	edit := storetest.Edit(t, path)
	if _, err := edit.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, v+1)); err != nil {
		t.Fatal(err)
	}
	edit.Close()
	if _, err := serverstore.Open(ctx, path); err == nil || !strings.Contains(err.Error(), "newer than this server knows") {
		t.Fatalf("a newer schema: %v", err)
	}
}

type fixture struct {
	db     *serverstore.DB
	caller servercore.Caller
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	ctx := context.Background()
	db := open(t, filepath.Join(t.TempDir(), "server.db"))
	v, err := db.CreateVendor(ctx, "v", syncproto.Profile{Vendor: portal.DefaultVendorProfile()})
	if err != nil {
		t.Fatal(err)
	}
	c, err := db.CreateCompany(ctx, servercore.Company{VendorID: v, Name: "Acme", Status: servercore.CompanyActive})
	if err != nil {
		t.Fatal(err)
	}
	p, err := db.CreatePerson(ctx, servercore.Person{Person: syncproto.Person{VendorID: v, CompanyID: c, Kind: servercore.KindCustomer, Email: "a@acme.example", Name: "A", ProductRole: servercore.RoleAdministrator}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreatePerson(ctx, servercore.Person{Person: syncproto.Person{VendorID: v, CompanyID: c, Kind: servercore.KindCustomer, Email: "A@acme.example", Name: "A", ProductRole: servercore.RoleAdministrator}}); portal.ErrorCode(err) != portal.EConflict {
		t.Fatalf("duplicate e-mail: %v", err)
	}
	person, err := db.PersonByEmail(ctx, "a@acme.example")
	if err != nil || person.ID != p {
		t.Fatal(err)
	}
	return fixture{db: db, caller: servercore.Caller{Person: person}}
}

func caseCreate() syncproto.Mutation {
	b, _ := json.Marshal(map[string]any{"caseId": uuid.NewString(), "subject": "S", "categoryId": "other",
		"subcategoryId": "other.question", "description": "D", "priority": "low"})
	return syncproto.Mutation{ID: uuid.NewString(), Kind: syncproto.KindCaseCreate, Payload: b}
}

// The same mutation applied concurrently creates one case and every
// caller gets the same answer.
func TestApplyExactlyOnceConcurrent(t *testing.T) {
	f := newFixture(t)
	m := caseCreate()
	var wg sync.WaitGroup
	results := make([]syncproto.MutationResult, 10)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := f.db.Apply(context.Background(), f.caller, m)
			if err != nil {
				t.Error(err)
			}
			results[i] = r
		}()
	}
	wg.Wait()
	for _, r := range results {
		if r.Result != syncproto.ResultApplied || r.CaseNumber != 1 {
			t.Fatalf("%+v", r)
		}
	}
	page, err := f.db.ListCases(context.Background(), servercore.Scope{VendorID: f.caller.VendorID}, 0, 10)
	if err != nil || page.Total != 1 || len(page.Items) != 1 {
		t.Fatalf("%+v cases: %v", page, err)
	}
}

// A reader paging the changes feed while writers commit never misses a
// write: sequence values are taken inside the write transaction.
func TestChangesNeverSkipLateCommits(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	const writers, each = 8, 10
	var wg sync.WaitGroup
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				if _, err := f.db.Apply(ctx, f.caller, caseCreate()); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	seen := map[string]bool{}
	var cursor int64
	read := func() {
		for {
			p, err := f.db.Changes(ctx, f.caller.CompanyID, cursor, 7)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range p.Items {
				seen[it.Case.ID] = true
			}
			cursor, _ = strconv.ParseInt(p.Cursor, 10, 64)
			if !p.More {
				return
			}
		}
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
			read()
			time.Sleep(time.Millisecond)
		}
	}
	read()
	if len(seen) != writers*each {
		t.Fatalf("reader saw %d of %d cases", len(seen), writers*each)
	}
}

func TestPasswordTokens(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	now := time.Now()
	for i, exp := range []time.Time{now.Add(-time.Minute), now.Add(time.Hour)} {
		err := f.db.CreatePasswordToken(ctx, servercore.PasswordToken{TokenHash: fmt.Sprint("h", i), PersonID: f.caller.ID, Purpose: "reset", CreatedAt: now, ExpiresAt: exp})
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.db.SetPassword(ctx, "h0", "x", now); portal.AsError(err).Reason != portal.ReasonInvalidToken {
		t.Fatalf("expired token: %v", err)
	}
	if _, err := f.db.SetPassword(ctx, "h1", "x", now); err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.SetPassword(ctx, "h1", "y", now); portal.AsError(err).Reason != portal.ReasonInvalidToken {
		t.Fatalf("used token: %v", err)
	}
}

// A company has at most the vendor's number of active portal users (4).
func TestPortalUserLimit(t *testing.T) {
	f := newFixture(t) // one active user already
	ctx := context.Background()
	add := func(email, access string) (string, error) {
		return f.db.CreatePerson(ctx, servercore.Person{Person: syncproto.Person{VendorID: f.caller.VendorID, CompanyID: f.caller.CompanyID, Kind: servercore.KindCustomer, Email: email, Name: email, ProductRole: servercore.RoleAdministrator, PortalAccess: access}})
	}
	for i := range 3 {
		if _, err := add(fmt.Sprintf("u%d@acme.example", i), ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := add("fifth@acme.example", ""); portal.AsError(err).Reason != portal.ReasonPortalUserLimit {
		t.Fatalf("fifth user: %v", err)
	}
	id, err := add("fifth@acme.example", servercore.AccessDeactivated)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.SetPortalAccess(ctx, id, servercore.AccessActive); portal.AsError(err).Reason != portal.ReasonPortalUserLimit {
		t.Fatalf("activate fifth: %v", err)
	}
	if err := f.db.SetPortalAccess(ctx, f.caller.ID, servercore.AccessDeactivated); err != nil {
		t.Fatal(err)
	}
	if err := f.db.SetPortalAccess(ctx, id, servercore.AccessActive); err != nil {
		t.Fatal(err)
	}
}

// The decoded vendor profile is reused while the stored one is unchanged,
// an edit shows at once, and a caller changing its copy changes nothing
// for the next.
func TestProfileFollowsEditsAndCopiesAreOwn(t *testing.T) {
	ctx := context.Background()
	db := open(t, filepath.Join(t.TempDir(), "s.db"))
	vendor, err := db.CreateVendor(ctx, "demo", syncproto.Profile{Vendor: portal.DefaultVendorProfile(), Categories: portal.DefaultComponentCategories()})
	if err != nil {
		t.Fatal(err)
	}
	p1, err := db.Profile(ctx, vendor)
	if err != nil {
		t.Fatal(err)
	}
	p1.Categories[0].NameEn = "changed by a caller"
	p1.Categories[0].Subcategories[0].NameEn = "changed too"
	p2, _ := db.Profile(ctx, vendor)
	if p2.Categories[0].NameEn == "changed by a caller" || p2.Categories[0].Subcategories[0].NameEn == "changed too" {
		t.Fatal("a caller's change reached the next caller")
	}
	// Changed in the file, by no method of the store's.
	storetest.EditVendorProfile(t, db.Path, vendor, func(p *portal.VendorProfile) { p.PortalUserLimit = 7 })
	if p3, _ := db.Profile(ctx, vendor); p3.Vendor.PortalUserLimit != 7 {
		t.Fatalf("the edited limit is not seen: %d", p3.Vendor.PortalUserLimit)
	}
}

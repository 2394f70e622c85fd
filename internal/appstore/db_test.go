package appstore_test

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"supportportal/internal/appstore"
	"supportportal/internal/must"
	"supportportal/internal/portal"
)

// openTemp opens a fresh store in a temporary folder.
func openTemp(t testing.TB) *appstore.DB {
	t.Helper()
	db, err := appstore.Open(context.Background(), filepath.Join(t.TempDir(), "portal.db"), appstore.Options{})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// inFile opens the store's file as another program would, for what no
// method of the store shows (the schema version, rows nothing reads back)
// and for changes a test makes behind the store's back.
func inFile(t testing.TB, db *appstore.DB) *sql.DB {
	t.Helper()
	f, err := sql.Open("sqlite3", db.Path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestOpenFromEmptyAppliesEveryMigration(t *testing.T) {
	db := openTemp(t)
	var v int
	if err := inFile(t, db).QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != appstore.SchemaVersion() || v < 1 {
		t.Fatalf("user_version = %d, want %d", v, appstore.SchemaVersion())
	}
	var mode string
	must.Do(inFile(t, db).QueryRow("PRAGMA journal_mode").Scan(&mode))
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
}

func TestReopenIsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "portal.db")
	for i := 0; i < 3; i++ {
		db, err := appstore.Open(context.Background(), path, appstore.Options{})
		if err != nil {
			t.Fatalf("open #%d: %v", i, err)
		}
		db.Close()
	}
}

func TestCorruptFileIsReportedAndLeftAlone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "portal.db")
	garbage := bytes.Repeat([]byte("this is not a database "), 400)
	if err := os.WriteFile(path, garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := appstore.Open(context.Background(), path, appstore.Options{})
	if got := portal.ErrorCode(err); got != portal.EStoreCorrupt {
		t.Fatalf("code = %q (%v), want %q", got, err, portal.EStoreCorrupt)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(after, garbage) {
		t.Fatal("corrupt file was modified")
	}
}

func TestFolderInPlaceOfFileIsReported(t *testing.T) {
	path := filepath.Join(t.TempDir(), "portal.db")
	must.Do(os.Mkdir(path, 0o700))
	_, err := appstore.Open(context.Background(), path, appstore.Options{})
	if got := portal.ErrorCode(err); got != portal.EStoreCorrupt {
		t.Fatalf("code = %q (%v), want %q", got, err, portal.EStoreCorrupt)
	}
}

func TestNewerSchemaIsRefusedAndLeftAlone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "portal.db")
	db, err := appstore.Open(context.Background(), path, appstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	future := appstore.SchemaVersion() + 5
	f := inFile(t, db)
	if _, err := f.Exec("PRAGMA user_version = " + strconv.Itoa(future)); err != nil {
		t.Fatal(err)
	}
	f.Close()
	db.Close()
	before, _ := os.ReadFile(path)

	_, err = appstore.Open(context.Background(), path, appstore.Options{})
	pe := portal.AsError(err)
	if pe.Code != portal.EStoreTooNew || pe.Params["fileVersion"] != strconv.Itoa(future) {
		t.Fatalf("got %#v, want %s with fileVersion %d", pe, portal.EStoreTooNew, future)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatal("newer store was modified")
	}
}

func TestLockedByAnotherProcessIsReported(t *testing.T) {
	path := filepath.Join(t.TempDir(), "portal.db")
	db, err := appstore.Open(context.Background(), path, appstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	// Another program holds an exclusive lock on the file.
	other, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	defer func() { _, _ = conn.ExecContext(context.Background(), "ROLLBACK") }() // nothing to roll back is fine

	_, err = appstore.Open(context.Background(), path, appstore.Options{BusyTimeout: 100 * time.Millisecond})
	if got := portal.ErrorCode(err); got != portal.EStoreLocked {
		t.Fatalf("code = %q (%v), want %q", got, err, portal.EStoreLocked)
	}
}

func TestAppState(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	type geom struct{ X, Y, W, H int }
	var g geom
	if ok, err := db.GetState(ctx, "window", &g); ok || err != nil {
		t.Fatalf("empty store: ok=%v err=%v", ok, err)
	}
	if err := db.SetState(ctx, "window", geom{10, 20, 1200, 800}); err != nil {
		t.Fatal(err)
	}
	must.Do(db.SetState(ctx, "window", geom{11, 21, 1000, 700}))
	if ok, err := db.GetState(ctx, "window", &g); !ok || err != nil || g != (geom{11, 21, 1000, 700}) {
		t.Fatalf("got %+v ok=%v err=%v", g, ok, err)
	}
}

func TestVendorProfileDefaultsUntilSaved(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	p, err := db.VendorProfile(ctx)
	if err != nil || p.PortalUserLimit != 4 {
		t.Fatalf("default profile = %+v, %v", p, err)
	}
	p.Name = "Acme Learning"
	p.PortalUserLimit = 6
	if err := db.SaveVendorProfile(ctx, p); err != nil {
		t.Fatal(err)
	}
	got, _ := db.VendorProfile(ctx)
	if got.Name != "Acme Learning" || got.PortalUserLimit != 6 {
		t.Fatalf("saved profile = %+v", got)
	}
}

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

func TestOpenFromEmptyAppliesEveryMigration(t *testing.T) {
	db := openTemp(t)
	var v int
	if err := db.SQL().QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != appstore.SchemaVersion() || v < 1 {
		t.Fatalf("user_version = %d, want %d", v, appstore.SchemaVersion())
	}
	var mode string
	db.SQL().QueryRow("PRAGMA journal_mode").Scan(&mode)
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
	var fk int
	db.SQL().QueryRow("PRAGMA foreign_keys").Scan(&fk)
	if fk != 1 {
		t.Errorf("foreign_keys = %d, want 1", fk)
	}
	// FTS5 must be compiled in (the sqlite_fts5 build tag).
	if _, err := db.SQL().Exec("CREATE VIRTUAL TABLE t_fts USING fts5(body)"); err != nil {
		t.Fatalf("FTS5 unavailable: %v", err)
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
	os.Mkdir(path, 0o700)
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
	if _, err := db.SQL().Exec("PRAGMA user_version = " + strconv.Itoa(future)); err != nil {
		t.Fatal(err)
	}
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
	defer conn.ExecContext(context.Background(), "ROLLBACK")

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
	db.SetState(ctx, "window", geom{11, 21, 1000, 700})
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

// Every connection of the pool reads the file through a memory map (the
// knowledge base's search depends on it for speed), including ones opened
// while others are busy.
func TestEveryConnectionMapsTheFile(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	var conns []*sql.Conn
	for range 3 {
		c, err := db.SQL().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var n int64
		if err := c.QueryRowContext(ctx, `PRAGMA mmap_size`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != appstore.MmapSize {
			t.Fatalf("connection %d maps %d bytes, want %d", len(conns), n, appstore.MmapSize)
		}
	}
	for _, c := range conns {
		c.Close()
	}
}

// The write-ahead log is copied back when the store is idle, not by the
// commit that happens to fill it: a run of writes leaves it alone, the
// first quiet moment after it copies it.
func TestLogIsCheckpointedWhenIdle(t *testing.T) {
	defer func(every time.Duration) { appstore.IdleCheckpointEvery = every }(appstore.IdleCheckpointEvery)
	appstore.IdleCheckpointEvery = 100 * time.Millisecond
	db := openTemp(t)
	log := func() (pages, copied int) {
		var busy int
		if err := db.SQL().QueryRow(`PRAGMA wal_checkpoint(NOOP)`).Scan(&busy, &pages, &copied); err != nil {
			t.Fatal(err)
		}
		return pages, copied
	}
	if _, err := db.SQL().Exec(`CREATE TABLE filler (b BLOB)`); err != nil {
		t.Fatal(err)
	}
	// Writes for four looks' time, never pausing as long as one look, and
	// more than SQLite's default 1,000-page checkpoint: nothing is copied
	// meanwhile.
	until := time.Now().Add(4 * appstore.IdleCheckpointEvery)
	for time.Now().Before(until) || func() bool { p, _ := log(); return p < 1200 }() {
		if _, err := db.SQL().Exec(`INSERT INTO filler VALUES (randomblob(100000))`); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	pages, copied := log()
	if copied != 0 {
		t.Fatalf("%d of %d log pages were copied while writes went on", copied, pages)
	}
	deadline := time.Now().Add(5 * time.Second)
	for copied < pages && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		pages, copied = log()
	}
	if copied < pages {
		t.Fatalf("idle for 5 s, and %d of %d log pages copied", copied, pages)
	}
}

// A reader that holds an old snapshot while the store goes idle stops the
// checkpoint partway (SQLite cannot copy pages that reader may still
// need); once it lets go, the next idle look copies the rest. Before, a
// remainder under IdleCheckpointPages stayed in the log until more writes
// came (seen under Wine, whose slower runs made the test's own reads
// overlap the checkpoint).
func TestLogIsCheckpointedAfterAReaderLetsGo(t *testing.T) {
	defer func(every time.Duration) { appstore.IdleCheckpointEvery = every }(appstore.IdleCheckpointEvery)
	appstore.IdleCheckpointEvery = 100 * time.Millisecond
	db := openTemp(t)
	ctx := context.Background()
	log := func() (pages, copied int) {
		var busy int
		if err := db.SQL().QueryRow(`PRAGMA wal_checkpoint(NOOP)`).Scan(&busy, &pages, &copied); err != nil {
			t.Fatal(err)
		}
		return pages, copied
	}
	fill := func(toPages int) {
		for p, _ := log(); p < toPages; p, _ = log() {
			if _, err := db.SQL().Exec(`INSERT INTO filler VALUES (randomblob(100000))`); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := db.SQL().Exec(`CREATE TABLE filler (b BLOB)`); err != nil {
		t.Fatal(err)
	}
	// Writes run faster than the checkpointer looks (no idle moment), so
	// nothing is copied before the reader takes its snapshot.
	fill(appstore.IdleCheckpointPages + 300)
	reader, err := db.SQL().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	if _, err := reader.ExecContext(ctx, `BEGIN`); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := reader.QueryRowContext(ctx, `SELECT count(*) FROM filler`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	// Fewer new pages than IdleCheckpointPages: what the reader holds
	// back is less than a checkpoint was worth.
	fill(appstore.IdleCheckpointPages + 800)
	// Idle now: the checkpoint copies what the reader allows.
	deadline := time.Now().Add(5 * time.Second)
	pages, copied := log()
	for copied == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		pages, copied = log()
	}
	if copied == 0 || copied >= pages {
		t.Fatalf("with a reader on an old snapshot: %d of %d log pages copied", copied, pages)
	}
	if _, err := reader.ExecContext(ctx, `COMMIT`); err != nil {
		t.Fatal(err)
	}
	reader.Close()
	for copied < pages && time.Now().Before(deadline.Add(5*time.Second)) {
		time.Sleep(20 * time.Millisecond)
		pages, copied = log()
	}
	if copied < pages {
		t.Fatalf("the reader let go, and %d of %d log pages stay uncopied", copied, pages)
	}
}

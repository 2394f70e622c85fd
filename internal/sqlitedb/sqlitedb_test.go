package sqlitedb_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"supportportal/internal/must"
	"supportportal/internal/sqlitedb"
)

// testDriver is go-sqlite3 with settings like the stores': every
// connection maps the file, and SQLite's own checkpoint is set far off so
// that only the checkpointer under test copies the log.
const testDriver = "sqlitedb_test"

const (
	testMmapSize       = 1 << 24
	testAutoCheckpoint = 10000
)

func init() {
	sqlitedb.RegisterDriver(testDriver, func() []string {
		return []string{
			fmt.Sprintf("PRAGMA mmap_size = %d", testMmapSize),
			fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", testAutoCheckpoint),
		}
	})
	sqlitedb.RegisterDriver(testDriver+"_bad", func() []string { return []string{"PRAGMA no_such_thing = (1"} })
}

func open(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open(testDriver, path+"?"+sqlitedb.Params(5*time.Second, 16))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func openTemp(t testing.TB) *sql.DB {
	t.Helper()
	return open(t, filepath.Join(t.TempDir(), "test.db"))
}

func TestParamsTurnOnWALAndForeignKeys(t *testing.T) {
	db := openTemp(t)
	var mode string
	var fk int
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" || fk != 1 {
		t.Fatalf("journal_mode %q foreign_keys %d, want wal and 1", mode, fk)
	}
}

// Every connection of a pool runs the driver's pragmas, including ones
// opened while others are busy (the app's knowledge base search depends
// on every connection mapping the file).
func TestEveryConnectionRunsThePragmas(t *testing.T) {
	db := openTemp(t)
	ctx := context.Background()
	var conns []*sql.Conn
	for range 3 {
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var mmap, auto int64
		if err := c.QueryRowContext(ctx, `PRAGMA mmap_size`).Scan(&mmap); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&auto); err != nil {
			t.Fatal(err)
		}
		if mmap != testMmapSize || auto != testAutoCheckpoint {
			t.Fatalf("connection %d: mmap_size %d wal_autocheckpoint %d, want %d and %d", len(conns), mmap, auto, testMmapSize, testAutoCheckpoint)
		}
	}
	for _, c := range conns {
		c.Close()
	}
}

// A pragma that fails makes the connection fail, naming the pragma.
func TestFailingPragmaFailsTheConnection(t *testing.T) {
	db, err := sql.Open(testDriver+"_bad", filepath.Join(t.TempDir(), "bad.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Ping(); err == nil || !strings.Contains(err.Error(), "PRAGMA no_such_thing") {
		t.Fatalf("ping: %v, want the failing pragma named", err)
	}
}

func TestTimeFormatSortsAsTime(t *testing.T) {
	a := time.Date(2026, 5, 1, 9, 0, 0, 0, time.FixedZone("CEST", 2*3600))
	b := a.Add(time.Microsecond)
	sa, sb := sqlitedb.FormatTime(a), sqlitedb.FormatTime(b)
	if sa != "2026-05-01T07:00:00.000000Z" || len(sa) != len(sb) || sa >= sb {
		t.Fatalf("%q, %q", sa, sb)
	}
	if got := sqlitedb.ParseTime(sb); !got.Equal(b) {
		t.Fatalf("parsed %v, want %v", got, b)
	}
	if got := sqlitedb.ParseTime("not a time"); !got.IsZero() {
		t.Fatalf("garbage parsed as %v", got)
	}
}

var threeSteps = fstest.MapFS{
	// Listed out of order on purpose: the numbers decide.
	"m/0002_b.sql":  {Data: []byte(`INSERT INTO step (n) VALUES (2);`)},
	"m/0003_c.sql":  {Data: []byte(`INSERT INTO step (n) VALUES (3); CREATE TABLE later (x);`)},
	"m/0001_a.sql":  {Data: []byte(`CREATE TABLE step (n INTEGER);`)},
	"other/0001.md": {Data: []byte(`not read`)},
}

func steps(t *testing.T, db *sql.DB) []int {
	t.Helper()
	rows, err := db.Query(`SELECT n FROM step ORDER BY rowid`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var n int
		must.Do(rows.Scan(&n))
		out = append(out, n)
	}
	return out
}

func version(t *testing.T, db *sql.DB) int {
	t.Helper()
	var v int
	if err := db.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// Migrations run in the order of their numbers, each once: a database
// part of the way there gets only the rest.
func TestMigrationsRunInOrderAndOnce(t *testing.T) {
	ctx := context.Background()
	ms, err := sqlitedb.ReadMigrations(threeSteps, "m")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range ms {
		names = append(names, fmt.Sprint(m.Version, " ", m.Name))
	}
	if want := []string{"1 0001_a.sql", "2 0002_b.sql", "3 0003_c.sql"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("read %v, want %v", names, want)
	}
	db := openTemp(t)
	if err := sqlitedb.Migrate(ctx, db, ms[:2]); err != nil {
		t.Fatal(err)
	}
	if v, got := version(t, db), steps(t, db); v != 2 || !reflect.DeepEqual(got, []int{2}) {
		t.Fatalf("after two: version %d, steps %v", v, got)
	}
	for range 2 {
		if err := sqlitedb.Migrate(ctx, db, ms); err != nil {
			t.Fatal(err)
		}
	}
	if v, got := version(t, db), steps(t, db); v != 3 || !reflect.DeepEqual(got, []int{2, 3}) {
		t.Fatalf("after all, twice: version %d, steps %v", v, got)
	}
}

// Files that are not numbered 1, 2, 3... are refused by name.
func TestMisnumberedMigrationsAreRefused(t *testing.T) {
	for _, c := range []struct {
		files fstest.MapFS
		want  string
	}{
		{fstest.MapFS{"m/0001_a.sql": {}, "m/0003_c.sql": {}}, `migration "0003_c.sql": expected number 2`},
		{fstest.MapFS{"m/0001_a.sql": {}, "m/0001_b.sql": {}}, `expected number 2`},
		{fstest.MapFS{"m/init.sql": {}}, `migration "init.sql": name must start with a number and '_'`},
		{fstest.MapFS{"m/x_init.sql": {}}, `migration "x_init.sql": name must start with a number and '_'`},
		{fstest.MapFS{}, `read migrations`},
	} {
		t.Run(c.want, func(t *testing.T) {
			if _, err := sqlitedb.ReadMigrations(c.files, "m"); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%v: %v, want %q", c.files, err, c.want)
			}
		})
	}
}

// A failing migration leaves the database at the last whole version.
func TestFailedMigrationKeepsTheLastWholeVersion(t *testing.T) {
	ctx := context.Background()
	ms, err := sqlitedb.ReadMigrations(fstest.MapFS{
		"m/0001_a.sql": {Data: []byte(`CREATE TABLE step (n INTEGER);`)},
		"m/0002_b.sql": {Data: []byte(`INSERT INTO step (n) VALUES (2); INSERT INTO no_such_table VALUES (1);`)},
	}, "m")
	if err != nil {
		t.Fatal(err)
	}
	db := openTemp(t)
	if err := sqlitedb.Migrate(ctx, db, ms); err == nil || !strings.Contains(err.Error(), "migration 0002_b.sql") {
		t.Fatalf("migrate: %v, want migration 0002_b.sql named", err)
	}
	if v, got := version(t, db), steps(t, db); v != 1 || len(got) != 0 {
		t.Fatalf("version %d, steps %v; want 1 and none", v, got)
	}
}

// A database a newer build wrote is refused and left as it is.
func TestNewerSchemaIsRefusedAndLeftAlone(t *testing.T) {
	ctx := context.Background()
	ms, err := sqlitedb.ReadMigrations(threeSteps, "m")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "test.db")
	db := open(t, path)
	if err := sqlitedb.Migrate(ctx, db, ms); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`PRAGMA user_version = 8`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	err = sqlitedb.Migrate(ctx, db, ms)
	var newer *sqlitedb.NewerSchemaError
	if !errors.As(err, &newer) || *newer != (sqlitedb.NewerSchemaError{File: 8, Known: 3}) {
		t.Fatalf("migrate: %v, want a NewerSchemaError 8 > 3", err)
	}
	if _, err := db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) || version(t, db) != 8 {
		t.Fatal("the newer database was modified")
	}
}

// log reports the write-ahead log's size and how much of it is copied.
func log(t *testing.T, db *sql.DB) (pages, copied int) {
	t.Helper()
	var busy int
	if err := db.QueryRow(`PRAGMA wal_checkpoint(NOOP)`).Scan(&busy, &pages, &copied); err != nil {
		t.Fatal(err)
	}
	return pages, copied
}

// idle is the app's checkpointer, looking more often.
var idle = sqlitedb.Checkpoints{Every: 100 * time.Millisecond, IdlePages: 1000}

// The write-ahead log is copied back when the store is idle, not by the
// commit that happens to fill it: a run of writes leaves it alone, the
// first quiet moment after it copies it.
func TestLogIsCheckpointedWhenIdle(t *testing.T) {
	db := openTemp(t)
	defer idle.Start(db)()
	if _, err := db.Exec(`CREATE TABLE filler (b BLOB)`); err != nil {
		t.Fatal(err)
	}
	// Writes for four looks' time, never pausing as long as one look, and
	// more than SQLite's default 1,000-page checkpoint: nothing is copied
	// meanwhile.
	until := time.Now().Add(4 * idle.Every)
	for time.Now().Before(until) || func() bool { p, _ := log(t, db); return p < 1200 }() {
		if _, err := db.Exec(`INSERT INTO filler VALUES (randomblob(100000))`); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	pages, copied := log(t, db)
	if copied != 0 {
		t.Fatalf("%d of %d log pages were copied while writes went on", copied, pages)
	}
	deadline := time.Now().Add(5 * time.Second)
	for copied < pages && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		pages, copied = log(t, db)
	}
	if copied < pages {
		t.Fatalf("idle for 5 s, and %d of %d log pages copied", copied, pages)
	}
}

// A reader that holds an old snapshot while the store goes idle stops the
// checkpoint partway (SQLite cannot copy pages that reader may still
// need); once it lets go, the next idle look copies the rest. Before, a
// remainder under IdlePages stayed in the log until more writes came
// (seen under Wine, whose slower runs made the test's own reads overlap
// the checkpoint).
func TestLogIsCheckpointedAfterAReaderLetsGo(t *testing.T) {
	db := openTemp(t)
	defer idle.Start(db)()
	ctx := context.Background()
	fill := func(toPages int) {
		for p, _ := log(t, db); p < toPages; p, _ = log(t, db) {
			if _, err := db.Exec(`INSERT INTO filler VALUES (randomblob(100000))`); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := db.Exec(`CREATE TABLE filler (b BLOB)`); err != nil {
		t.Fatal(err)
	}
	// Writes run faster than the checkpointer looks (no idle moment), so
	// nothing is copied before the reader takes its snapshot.
	fill(idle.IdlePages + 300)
	reader, err := db.Conn(ctx)
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
	// Fewer new pages than IdlePages: what the reader holds back is less
	// than a checkpoint was worth.
	fill(idle.IdlePages + 800)
	// Idle now: the checkpoint copies what the reader allows.
	deadline := time.Now().Add(5 * time.Second)
	pages, copied := log(t, db)
	for copied == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		pages, copied = log(t, db)
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
		pages, copied = log(t, db)
	}
	if copied < pages {
		t.Fatalf("the reader let go, and %d of %d log pages stay uncopied", copied, pages)
	}
}

// With IdlePages 0 (the server's checkpointer, on a pool of its own),
// writes reach the database file from the log in the background, without
// a commit having to do it.
func TestLogIsCheckpointedInTheBackground(t *testing.T) {
	path := filepath.Join(t.TempDir(), "test.db")
	db := open(t, path)
	if _, err := db.Exec(`CREATE TABLE filler (b BLOB)`); err != nil {
		t.Fatal(err)
	}
	ckpt := open(t, path)
	ckpt.SetMaxOpenConns(1)
	every := sqlitedb.Checkpoints{Every: 50 * time.Millisecond}
	defer every.Start(ckpt)()
	size := func() int64 {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	// The table's creation reaches the file first.
	deadline := time.Now().Add(10 * time.Second)
	for pages, copied := log(t, db); copied < pages && time.Now().Before(deadline); pages, copied = log(t, db) {
		time.Sleep(every.Every)
	}
	before := size()
	for range 100 {
		if _, err := db.Exec(`INSERT INTO filler VALUES (randomblob(4000))`); err != nil {
			t.Fatal(err)
		}
	}
	for size() <= before {
		if time.Now().After(deadline) {
			t.Fatalf("the database file stayed at %d bytes: nothing was checkpointed", size())
		}
		time.Sleep(every.Every)
	}
}

func TestStopIsSafeTwice(t *testing.T) {
	db := openTemp(t)
	stop := idle.Start(db)
	stop()
	stop()
}

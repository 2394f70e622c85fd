// Package appstore is the local store of the desktop app: one SQLite file per
// OS user (or per data directory), WAL mode, foreign keys on, and numbered
// migrations applied at start.
package appstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"

	_ "supportportal/internal/memtune" // glibc trims less: SQLite frees and allocates all the time

	"supportportal/internal/portal"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// TimeFormat is how timestamps are stored: UTC with fixed width, so that
// string order is time order.
const TimeFormat = "2006-01-02T15:04:05.000000Z"

// DB is the local store.
type DB struct {
	db   *sql.DB
	Path string
	// Now returns the current time; tests replace it.
	Now func() time.Time

	stop    chan struct{}
	done    chan struct{}
	closing sync.Once
}

// Options tune Open. The zero value is what the app uses.
type Options struct {
	// BusyTimeout is how long a statement waits for another connection's
	// lock before failing. Default 5s.
	BusyTimeout time.Duration
}

// Open opens (creating if needed) the store at path and migrates it. It
// fails with a portal error coded EStoreCorrupt, EStoreLocked or EStoreTooNew
// when the file cannot be used; in those cases the file is left untouched.
func Open(ctx context.Context, path string, opts Options) (*DB, error) {
	if opts.BusyTimeout == 0 {
		opts.BusyTimeout = 5 * time.Second
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, storeErr(portal.EStoreCorrupt, path, "%s is a folder, not a database file", path)
	}
	// _stmt_cache_size: the app runs the same queries over and over.
	dsn := fmt.Sprintf("%s?_foreign_keys=on&_busy_timeout=%d&_journal_mode=WAL&_synchronous=NORMAL&_txlock=immediate&_stmt_cache_size=64",
		path, opts.BusyTimeout.Milliseconds())
	sqldb, err := sql.Open(driverName, dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db := &DB{db: sqldb, Path: path, Now: time.Now, stop: make(chan struct{}), done: make(chan struct{})}
	if err := db.migrate(ctx); err != nil {
		sqldb.Close()
		return nil, classify(err, path)
	}
	go db.checkpoints()
	return db, nil
}

// Close closes the store.
func (db *DB) Close() error {
	db.closing.Do(func() {
		close(db.stop)
		<-db.done
	})
	return db.db.Close()
}

// Checkpoints: SQLite copies the write-ahead log back into the database
// file itself, inside the commit that fills the log to a size (1,000 pages
// by default), with two fsyncs. That commit may be an autosave while the
// user types, or a sync. Here the log is copied when the store has been
// idle for a moment instead, and SQLite's own checkpoint only steps in
// for long runs of writes (a first sync, an import) that leave no idle
// moment.
var (
	// IdleCheckpointEvery is how often the log is looked at; a checkpoint
	// runs when nothing was written since the last look.
	IdleCheckpointEvery = time.Second
	// IdleCheckpointPages is the log size (in pages) worth a checkpoint.
	IdleCheckpointPages = 1000
)

// autoCheckpointPages is SQLite's own checkpoint, the backstop (40 MB).
const autoCheckpointPages = 10000

func (db *DB) checkpoints() {
	defer close(db.done)
	t := time.NewTicker(IdleCheckpointEvery)
	defer t.Stop()
	last := -1
	for {
		select {
		case <-db.stop:
			return
		case <-t.C:
		}
		var busy, logPages, copied int
		// NOOP only reports the log's size and how much of it is copied.
		if err := db.db.QueryRow(`PRAGMA wal_checkpoint(NOOP)`).Scan(&busy, &logPages, &copied); err != nil {
			continue
		}
		// A checkpoint a reader stopped partway is finished at the next
		// idle look, however little is left.
		if logPages == last && logPages >= IdleCheckpointPages && copied < logPages {
			// Errors (another connection's lock) leave it to the next look.
			db.db.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
		}
		last = logPages
	}
}

// SQL exposes the underlying handle to tests and benchmarks in other packages.
func (db *DB) SQL() *sql.DB { return db.db }

func (db *DB) now() string { return db.Now().UTC().Format(TimeFormat) }

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %q: name must start with a number and '_'", e.Name())
		}
		b, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %q: expected number %d", m.name, i+1)
		}
	}
	return out, nil
}

// SchemaVersion is the schema version this build of the app writes.
func SchemaVersion() int {
	ms, _ := migrations()
	return len(ms)
}

// migrate applies pending migrations, each in its own transaction together
// with the new user_version, so a crash leaves the file at a whole version.
func (db *DB) migrate(ctx context.Context) error {
	return db.migrateTo(ctx, -1)
}

func (db *DB) migrateTo(ctx context.Context, target int) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	if target < 0 {
		target = len(ms)
	}
	var current int
	if err := db.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if current > len(ms) {
		return &portal.Error{
			Code:    portal.EStoreTooNew,
			Params:  map[string]string{"path": db.Path, "fileVersion": strconv.Itoa(current), "appVersion": strconv.Itoa(len(ms))},
			Message: fmt.Sprintf("%s was written by a newer version of the app (schema %d, this app knows %d); update the app", db.Path, current, len(ms)),
		}
	}
	// A write probe: fail now, with a clear message, if another process holds
	// the file, rather than on the user's first save.
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("lock store: %w", err)
	}
	tx.Rollback()
	for _, m := range ms[current:target] {
		tx, err := db.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

// classify turns SQLite's low-level failures at start into errors the user
// can act on.
func classify(err error, path string) error {
	if portal.ErrorCode(err) != portal.EInternal {
		return err
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrNotADB, sqlite3.ErrCorrupt:
			return storeErr(portal.EStoreCorrupt, path, "%s is damaged or is not a database file (%v); it was left as it is", path, se)
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return storeErr(portal.EStoreLocked, path, "%s is in use by another program; close it and start the app again", path)
		case sqlite3.ErrReadonly, sqlite3.ErrCantOpen, sqlite3.ErrPerm:
			return storeErr(portal.EStoreLocked, path, "%s cannot be opened for writing (%v)", path, se)
		}
	}
	return fmt.Errorf("open store %s: %w", path, err)
}

func storeErr(code, path, format string, args ...any) error {
	return &portal.Error{Code: code, Params: map[string]string{"path": path}, Message: fmt.Sprintf(format, args...)}
}

// driverName is go-sqlite3 with this store's per-connection settings.
const driverName = "sqlite3_portal"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		// Reading the knowledge base through a memory map instead of
		// read() calls into SQLite's own page cache: search walks many
		// index pages, and the copies and system calls were a fifth of
		// its time at 100,000 articles.
		if _, err := c.Exec(fmt.Sprintf("PRAGMA mmap_size = %d", MmapSize), nil); err != nil {
			return fmt.Errorf("set mmap_size: %w", err)
		}
		if _, err := c.Exec(fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", autoCheckpointPages), nil); err != nil {
			return fmt.Errorf("set wal_autocheckpoint: %w", err)
		}
		// The headings of an article body, as import extracts them (used
		// by migration 0007 to fill the headings of stored articles).
		if err := c.RegisterFunc("kb_headings", articleHeadings, true); err != nil {
			return fmt.Errorf("register kb_headings: %w", err)
		}
		return nil
	}})
}

// MmapSize is how much of the store file SQLite maps into memory.
var MmapSize int64 = 1 << 30

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
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/mattn/go-sqlite3"

	"supportportal/internal/portal"
	"supportportal/internal/sqlitedb"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// TimeFormat is how timestamps are stored (sqlitedb.TimeFormat).
const TimeFormat = sqlitedb.TimeFormat

// DB is the local store.
type DB struct {
	db   *sql.DB
	Path string
	// Now returns the current time; tests replace it.
	Now func() time.Time

	stopCheckpoints func()
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
	// A statement cache of 64: the app runs the same queries over and over.
	dsn := path + "?" + sqlitedb.Params(opts.BusyTimeout, 64)
	sqldb, err := sql.Open(driverName, dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db := &DB{db: sqldb, Path: path, Now: time.Now}
	if err := db.migrate(ctx); err != nil {
		sqldb.Close()
		return nil, classify(err, path)
	}
	db.stopCheckpoints = sqlitedb.Checkpoints{Every: idleCheckpointEvery, IdlePages: idleCheckpointPages}.Start(sqldb)
	return db, nil
}

// Close closes the store.
func (db *DB) Close() error {
	db.stopCheckpoints()
	return db.db.Close()
}

// Checkpoints: SQLite copies the write-ahead log back into the database
// file itself, inside the commit that fills the log to a size (1,000 pages
// by default), with two fsyncs. That commit may be an autosave while the
// user types, or a sync. Here the log is copied when the store has been
// idle for a moment instead, and SQLite's own checkpoint only steps in
// for long runs of writes (a first sync, an import) that leave no idle
// moment.
const (
	// idleCheckpointEvery is how often the log is looked at; a checkpoint
	// runs when nothing was written since the last look.
	idleCheckpointEvery = time.Second
	// idleCheckpointPages is the log size (in pages) worth a checkpoint.
	idleCheckpointPages = 1000
	// autoCheckpointPages is SQLite's own checkpoint, the backstop (40 MB).
	autoCheckpointPages = 10000
)

func (db *DB) now() string { return sqlitedb.FormatTime(db.Now()) }

func migrations() ([]sqlitedb.Migration, error) {
	return sqlitedb.ReadMigrations(migrationFS, "migrations")
}

// SchemaVersion is the schema version this build of the app writes.
func SchemaVersion() int {
	ms, _ := migrations()
	return len(ms)
}

// migrate applies pending migrations (sqlitedb.Migrate), refusing a file a
// newer app wrote, and fails now, with a clear message, if another process
// holds the file, rather than on the user's first save.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	var newer *sqlitedb.NewerSchemaError
	if err := sqlitedb.Migrate(ctx, db.db, ms); errors.As(err, &newer) {
		return &portal.Error{
			Code:    portal.EStoreTooNew,
			Params:  map[string]string{"path": db.Path, "fileVersion": strconv.Itoa(newer.File), "appVersion": strconv.Itoa(newer.Known)},
			Message: fmt.Sprintf("%s was written by a newer version of the app (schema %d, this app knows %d); update the app", db.Path, newer.File, newer.Known),
		}
	} else if err != nil {
		return err
	}
	// A write probe: pending migrations took the write lock, but a file
	// already at this version has not been written yet.
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("lock store: %w", err)
	}
	tx.Rollback()
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
	// kb_headings is the headings of an article body as import extracts
	// them (migration 0008 fills the headings of stored articles with it).
	sqlitedb.RegisterDriverFuncs(driverName, func() []string {
		return []string{
			// Reading the knowledge base through a memory map instead of
			// read() calls into SQLite's own page cache: search walks many
			// index pages, and the copies and system calls were a fifth of
			// its time at 100,000 articles.
			fmt.Sprintf("PRAGMA mmap_size = %d", MmapSize),
			fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", autoCheckpointPages),
		}
	}, map[string]any{"kb_headings": articleHeadings})
}

// MmapSize is how much of the store file SQLite maps into memory.
var MmapSize int64 = 1 << 30

// Package serverstore is the central server's SQLite store: one file, WAL
// mode, foreign keys on, numbered embedded migrations, and every write in
// an immediate transaction (SQLite serializes writers, which the case
// numbers and the changes sequence rely on). It implements server.Store.
package serverstore

import (
	"context"
	"database/sql"
	"embed"
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

	"supportportal/internal/server"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// TimeFormat is how timestamps are stored: UTC with fixed width, so that
// string order is time order (the same format as the desktop store).
const TimeFormat = "2006-01-02T15:04:05.000000Z"

// DB is the server's store.
type DB struct {
	db *sql.DB
	// read serves the reads that every sync makes (sessions, the changes
	// feed, the company account, the knowledge base) on connections of
	// their own: in WAL mode they read beside the writer instead of
	// queueing behind it on its one connection.
	read *sql.DB
	// ckpt copies the write-ahead log back into the database file in the
	// background (see checkpoints).
	ckpt    *sql.DB
	stop    chan struct{}
	done    chan struct{}
	closing sync.Once
	// profiles holds each vendor's last decoded profile (a decodedProfile
	// by vendor ID), reused while the stored JSON is the same.
	profiles sync.Map
	Path     string
	// Mutations counts what Apply did since Open. A caller may replace it
	// before serving (to keep one count across restarts, say).
	Mutations *MutationCounts
}

var _ server.Store = (*DB)(nil)

// Open opens (creating if needed) the store at path and migrates it.
func Open(ctx context.Context, path string) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create database folder: %w", err)
		}
	}
	// _txlock=immediate: every transaction takes the write lock at BEGIN,
	// so read-then-write sequences (case numbers, idempotency checks)
	// cannot interleave, and waiting happens in busy_timeout rather than
	// failing with SQLITE_BUSY at commit.
	// _stmt_cache_size: the same few queries run for every request, and
	// preparing them again each time was a tenth of the server's work.
	dsn := fmt.Sprintf("file:%s?_foreign_keys=on&_busy_timeout=%d&_journal_mode=WAL&_synchronous=NORMAL&_txlock=immediate&_stmt_cache_size=128",
		path, (30 * time.Second).Milliseconds())
	sqldb, err := sql.Open(driverName, dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	sqldb.SetMaxOpenConns(1)
	db := &DB{db: sqldb, Path: path, Mutations: &MutationCounts{}}
	if err := db.migrate(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	read, err := sql.Open(driverName, dsn+"&_query_only=true")
	if err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	read.SetMaxOpenConns(ReadConns)
	read.SetMaxIdleConns(ReadConns)
	db.read = read
	ckpt, err := sql.Open(driverName, dsn)
	if err != nil {
		read.Close()
		sqldb.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	ckpt.SetMaxOpenConns(1)
	db.ckpt, db.stop, db.done = ckpt, make(chan struct{}), make(chan struct{})
	go db.checkpoints()
	return db, nil
}

// driverName is go-sqlite3 with the store's per-connection settings.
const driverName = "sqlite3_serverdb"

// autoCheckpoint is the log size (in pages) at which a committing
// connection copies the log back itself: a backstop for a background
// checkpointer that falls behind. SQLite's default is 1,000 pages (4 MB).
const autoCheckpoint = 16000

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		_, err := c.Exec(fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", autoCheckpoint), nil)
		return err
	}})
}

// CheckpointEvery is how often the background checkpointer runs.
var CheckpointEvery = 250 * time.Millisecond

// checkpoints copies the write-ahead log into the database file every
// CheckpointEvery, on a connection of its own. Left to SQLite, the commit
// that fills the log to 1,000 pages does it, with two fsyncs, while every
// other write waits for the one writer connection; a passive checkpoint
// here runs beside the writer and the readers instead.
func (db *DB) checkpoints() {
	defer close(db.done)
	t := time.NewTicker(CheckpointEvery)
	defer t.Stop()
	for {
		select {
		case <-db.stop:
			return
		case <-t.C:
			// Errors (SQLITE_BUSY while another checkpoint runs, say) only
			// leave the work to the next tick or to the backstop.
			db.ckpt.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
		}
	}
}

// ReadConns is how many connections serve reads beside the writer's one.
var ReadConns = 2

// Close closes the store.
func (db *DB) Close() error {
	db.closing.Do(func() { close(db.stop) })
	<-db.done
	db.ckpt.Close()
	rerr := db.read.Close()
	if err := db.db.Close(); err != nil {
		return err
	}
	return rerr
}

// SQL exposes the handle to tests.
func (db *DB) SQL() *sql.DB { return db.db }

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
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
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
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

// SchemaVersion is the schema version this build writes.
func SchemaVersion() int {
	ms, _ := migrations()
	return len(ms)
}

// migrate applies pending migrations, each in its own transaction together
// with the new user_version, so a crash leaves the file at a whole version.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	var current int
	if err := db.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if current > len(ms) {
		return fmt.Errorf("schema version %d is newer than this server knows (%d); update the server", current, len(ms))
	}
	for _, m := range ms[current:] {
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

func fmtTime(t time.Time) string { return t.UTC().Format(TimeFormat) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(TimeFormat, s)
	return t
}

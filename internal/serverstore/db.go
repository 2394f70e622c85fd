// Package serverstore is the central server's SQLite store: one file, WAL
// mode, foreign keys on, numbered embedded migrations, and every write in
// an immediate transaction (SQLite serializes writers, which the case
// numbers and the changes sequence rely on). It implements servercore.Store.
package serverstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"supportportal/internal/servercore"
	"supportportal/internal/sqlitedb"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

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
	ckpt            *sql.DB
	stopCheckpoints func()
	// profiles holds each vendor's last decoded profile (a decodedProfile
	// by vendor ID), reused while the stored JSON is the same.
	profiles sync.Map
	Path     string
	// Mutations counts what Apply did since Open. A caller may replace it
	// before serving (to keep one count across restarts, say).
	Mutations *MutationCounts
}

var _ servercore.Store = (*DB)(nil)

// Open opens (creating if needed) the store at path and migrates it.
func Open(ctx context.Context, path string) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create database folder: %w", err)
		}
	}
	// Every transaction takes the write lock at BEGIN (sqlitedb.Params), so
	// read-then-write sequences (case numbers, idempotency checks) cannot
	// interleave. A statement cache of 128: the same few queries run for
	// every request, and preparing them again each time was a tenth of the
	// server's work.
	dsn := "file:" + path + "?" + sqlitedb.Params(30*time.Second, 128)
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
	db.ckpt = ckpt
	db.stopCheckpoints = sqlitedb.Checkpoints{Every: checkpointEvery}.Start(ckpt)
	return db, nil
}

// driverName is go-sqlite3 with the store's per-connection settings.
const driverName = "sqlite3_serverdb"

// autoCheckpoint is the log size (in pages) at which a committing
// connection copies the log back itself: a backstop for a background
// checkpointer that falls behind. SQLite's default is 1,000 pages (4 MB).
const autoCheckpoint = 16000

func init() {
	sqlitedb.RegisterDriver(driverName, func() []string {
		return []string{fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", autoCheckpoint)}
	})
}

// checkpointEvery is how often the background checkpointer copies the
// write-ahead log into the database file, on a connection of its own.
// Left to SQLite, the commit that fills the log to 1,000 pages does it,
// with two fsyncs, while every other write waits for the one writer
// connection; a passive checkpoint here runs beside the writer and the
// readers instead.
const checkpointEvery = 250 * time.Millisecond

// ReadConns is how many connections serve reads beside the writer's one.
var ReadConns = 2

// Close closes the store.
func (db *DB) Close() error {
	db.stopCheckpoints()
	db.ckpt.Close()
	rerr := db.read.Close()
	if err := db.db.Close(); err != nil {
		return err
	}
	return rerr
}

func migrations() ([]sqlitedb.Migration, error) {
	return sqlitedb.ReadMigrations(migrationFS, "migrations")
}

// SchemaVersion is the schema version this build writes.
func SchemaVersion() int {
	ms, _ := migrations()
	return len(ms)
}

// migrate applies pending migrations (sqlitedb.Migrate) and refuses a
// file a newer server wrote.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	var newer *sqlitedb.NewerSchemaError
	if err := sqlitedb.Migrate(ctx, db.db, ms); errors.As(err, &newer) {
		return fmt.Errorf("schema version %d is newer than this server knows (%d); update the server", newer.File, newer.Known)
	} else if err != nil {
		return err
	}
	return nil
}

package sqlitedb

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migration is one step of a schema: the SQL that takes a database from
// Version-1 to Version.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// ReadMigrations reads the migrations in dir of fsys (an embedded
// folder): files named by their number, an underscore and what they do
// (0001_init.sql), numbered from 1 without gaps. The schema version a
// build writes is the number of its migrations.
func ReadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var out []Migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %q: name must start with a number and '_'", e.Name())
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		out = append(out, Migration{Version: v, Name: e.Name(), SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i, m := range out {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %q: expected number %d", m.Name, i+1)
		}
	}
	return out, nil
}

// NewerSchemaError is Migrate's refusal of a database whose schema
// version is past the migrations it was given: a newer build wrote it.
type NewerSchemaError struct {
	// File is the database's schema version, Known the newest the
	// migrations reach.
	File, Known int
}

func (e *NewerSchemaError) Error() string {
	return fmt.Sprintf("schema version %d is newer than this build knows (%d)", e.File, e.Known)
}

// Migrate applies the migrations db has not had yet, in order, each in its
// own transaction together with the new schema version (PRAGMA
// user_version), so a crash leaves the file at a whole version. A
// database at a version past ms is refused with a *NewerSchemaError and
// left untouched.
func Migrate(ctx context.Context, db *sql.DB, ms []Migration) error {
	var current int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if current > len(ms) {
		return &NewerSchemaError{File: current, Known: len(ms)}
	}
	for _, m := range ms[current:] {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.Version)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
	}
	return nil
}

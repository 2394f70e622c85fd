// Package storetest is for tests only: it opens the server store's SQLite
// file on connections of its own, to look at what a test must prove and
// the product has no way to read (that a session token is kept only as
// its hash, the exactly-once bookkeeping of applied mutations, what a
// migration wrote, everything an attack on another company could have
// changed), and, where the product has no way to make a change a test
// needs (a vendor profile's limits, a company's name), to make it.
//
// Read through the store's methods, the HTTP API or the console wherever
// they can show the same thing: those are the paths a PostgreSQL store
// will be tested through too, and SQL here ties a test to SQLite. No
// production package imports this one.
package storetest

import (
	"database/sql"
	"encoding/json"
	"sync"
	"testing"

	_ "github.com/mattn/go-sqlite3" // the "sqlite3" driver

	"supportportal/internal/portal"
)

// peeks holds each test's read-only handle per file, so that calling Peek
// in a loop opens the file once.
var peeks sync.Map // peekKey → *sql.DB

type peekKey struct {
	t    testing.TB
	path string
}

// Peek returns a read-only handle on the store's file at path (a
// serverstore.DB's Path), closed when the test ends. Each query sees what
// the store had committed when it started; a write through it fails.
func Peek(t testing.TB, path string) *sql.DB {
	t.Helper()
	key := peekKey{t, path}
	if db, ok := peeks.Load(key); ok {
		return db.(*sql.DB)
	}
	db := open(t, "file:"+path+"?mode=ro&_busy_timeout=10000")
	peeks.Store(key, db)
	t.Cleanup(func() { peeks.Delete(key) })
	return db
}

// Count answers a query for one integer (a count) on Peek's handle.
func Count(t testing.TB, path, query string, args ...any) int {
	t.Helper()
	var n int
	if err := Peek(t, path).QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// Edit returns a read-write handle on the store's file at path, closed
// when the test ends, for a change that no product path makes. Say at
// each use which change that is and why the test needs it. The store sees
// the change at its next read (it caches nothing it does not compare with
// the file).
func Edit(t testing.TB, path string) *sql.DB {
	t.Helper()
	return open(t, "file:"+path+"?_busy_timeout=30000&_foreign_keys=on&_txlock=immediate")
}

// EditVendorProfile changes a vendor's stored profile through Edit's
// handle: the product sets a profile only when it creates the vendor (the
// seed) and changes only its release fields (the release command), so a
// test of a limit that changes while the server runs has no other way.
func EditVendorProfile(t testing.TB, path, vendorID string, edit func(*portal.VendorProfile)) {
	t.Helper()
	tx, err := Edit(t, path).Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	var raw string
	if err := tx.QueryRow(`SELECT profile FROM vendor WHERE id = ?`, vendorID).Scan(&raw); err != nil {
		t.Fatalf("vendor %s: %v", vendorID, err)
	}
	var p portal.VendorProfile
	if err := json.Unmarshal([]byte(raw), &p); err != nil {
		t.Fatalf("vendor %s profile: %v", vendorID, err)
	}
	edit(&p)
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`UPDATE vendor SET profile = ? WHERE id = ?`, string(b), vendorID); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func open(t testing.TB, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Ping(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

//go:build cgo

package memtune

import (
	"database/sql"
	"path/filepath"
	"testing"
)

func TestSQLiteKeepsNoAllocationStatistics(t *testing.T) {
	if memstatusRC != 0 {
		t.Fatalf("sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) = %d", memstatusRC)
	}
	db, err := sql.Open("sqlite3", filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE t (x); INSERT INTO t VALUES (randomblob(1000000))`); err != nil {
		t.Fatal(err)
	}
	// An open connection with a page cache holds memory; SQLite counted
	// none of it, so it took no lock to count.
	if n := memoryUsed(); n != 0 {
		t.Fatalf("SQLite counts %d bytes in use: the statistics are on", n)
	}
}

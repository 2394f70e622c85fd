//go:build cgo

package memtune

/*
// sqlite3_config is variadic, which cgo cannot call; the wrapper can.
// The symbols come from go-sqlite3's copy of SQLite, imported below.
int sqlite3_config(int, ...);
long long sqlite3_memory_used(void);
static int memtune_memstatus_off(void) {
	return sqlite3_config(9, 0); // SQLITE_CONFIG_MEMSTATUS
}
*/
import "C"

import _ "github.com/mattn/go-sqlite3" // links the SQLite that is configured

// memstatusRC is SQLite's answer: 0 (SQLITE_OK), or 21 (SQLITE_MISUSE) if
// a database had been opened before this package was initialised.
var memstatusRC = int(C.memtune_memstatus_off())

// memoryUsed is SQLite's count of the memory it holds; always 0 with the
// statistics off.
func memoryUsed() int64 { return int64(C.sqlite3_memory_used()) }

// Package sqlitedb is the SQLite plumbing the app's store and the server's
// store share: the driver registration with per-connection pragmas, the
// connection settings, numbered embedded migrations with a schema version
// check, the write-ahead log checkpointer, the timestamp format, and the
// one interface *sql.DB, *sql.Tx and *sql.Conn all satisfy.
package sqlitedb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/mattn/go-sqlite3"

	_ "supportportal/internal/memtune" // glibc trims less: SQLite frees and allocates all the time
)

// Querier is what *sql.DB, *sql.Tx and *sql.Conn offer, so that one read
// or write can run on its own or inside a transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

var (
	_ Querier = (*sql.DB)(nil)
	_ Querier = (*sql.Tx)(nil)
	_ Querier = (*sql.Conn)(nil)
)

// TimeFormat is how timestamps are stored: UTC with fixed width, so that
// string order is time order.
const TimeFormat = "2006-01-02T15:04:05.000000Z"

// FormatTime is t as stored.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeFormat) }

// ParseTime reads a stored timestamp; one that does not parse is the zero
// time.
func ParseTime(s string) time.Time {
	t, _ := time.Parse(TimeFormat, s)
	return t
}

// RegisterDriver registers go-sqlite3 under name, with every new
// connection running the statements pragmas returns (asked again for each
// connection) before it is used. Call it from an init function: like
// sql.Register, it panics when name is taken.
func RegisterDriver(name string, pragmas func() []string) {
	RegisterDriverFuncs(name, pragmas, nil)
}

// RegisterDriverFuncs is RegisterDriver with Go functions callable from
// SQL on every connection: funcs maps a SQL name to a pure function (same
// result for the same arguments), as go-sqlite3's RegisterFunc takes it.
func RegisterDriverFuncs(name string, pragmas func() []string, funcs map[string]any) {
	sql.Register(name, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		for _, p := range pragmas() {
			if _, err := c.Exec(p, nil); err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
		}
		for n, f := range funcs {
			if err := c.RegisterFunc(n, f, true); err != nil {
				return fmt.Errorf("register %s: %w", n, err)
			}
		}
		return nil
	}})
}

// Params are the connection settings, for the query part of a data source
// name: foreign keys on, WAL with synchronous=NORMAL, and _txlock=immediate,
// so every transaction takes the write lock at BEGIN (read-then-write
// sequences cannot interleave, and waiting happens in busy_timeout rather
// than failing with SQLITE_BUSY at commit). busyTimeout is how long a
// statement waits for another connection's lock; stmtCache how many
// prepared statements each connection keeps for the queries that run over
// and over.
func Params(busyTimeout time.Duration, stmtCache int) string {
	return fmt.Sprintf("_foreign_keys=on&_busy_timeout=%d&_journal_mode=WAL&_synchronous=NORMAL&_txlock=immediate&_stmt_cache_size=%d",
		busyTimeout.Milliseconds(), stmtCache)
}

package appstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// OpenAtVersion creates a store at path migrated up to schema version, as
// an older build left it, for migration tests.
func OpenAtVersion(ctx context.Context, path string, version int) (*DB, error) {
	sqldb, err := sql.Open(driverName, fmt.Sprintf("%s?_foreign_keys=on&_journal_mode=WAL&_txlock=immediate", path))
	if err != nil {
		return nil, err
	}
	db := &DB{db: sqldb, Path: path, Now: time.Now, stop: make(chan struct{}), done: make(chan struct{})}
	if err := db.migrateTo(ctx, version); err != nil {
		sqldb.Close()
		return nil, err
	}
	close(db.done)
	return db, nil
}

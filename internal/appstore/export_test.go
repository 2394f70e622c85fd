package appstore

import (
	"context"
	"database/sql"
	"time"

	"supportportal/internal/sqlitedb"
)

// CreateAtVersion creates a store at path with the schema of version, as
// an older build left it, for migration tests.
func CreateAtVersion(ctx context.Context, path string, version int) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	db, err := sql.Open(driverName, path+"?"+sqlitedb.Params(5*time.Second, 0))
	if err != nil {
		return err
	}
	defer db.Close()
	return sqlitedb.Migrate(ctx, db, ms[:version])
}

package appstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"supportportal/internal/portal"
)

// VendorProfile returns the profile last delivered by the server, or the
// built-in defaults before the first sync.
func (db *DB) VendorProfile(ctx context.Context) (portal.VendorProfile, error) {
	var raw string
	err := db.db.QueryRowContext(ctx, `SELECT profile FROM vendor_profile WHERE id = 1`).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return portal.DefaultVendorProfile(), nil
	} else if err != nil {
		return portal.VendorProfile{}, fmt.Errorf("read vendor profile: %w", err)
	}
	p := portal.DefaultVendorProfile()
	if err := json.Unmarshal([]byte(raw), &p); err != nil {
		return portal.VendorProfile{}, fmt.Errorf("decode vendor profile: %w", err)
	}
	return p, nil
}

// SaveVendorProfile stores the profile delivered by the server.
func (db *DB) SaveVendorProfile(ctx context.Context, p portal.VendorProfile) error {
	b, _ := json.Marshal(p)
	_, err := db.db.ExecContext(ctx,
		`INSERT INTO vendor_profile (id, profile, updated_at) VALUES (1, ?, ?)
		 ON CONFLICT (id) DO UPDATE SET profile = excluded.profile, updated_at = excluded.updated_at`,
		string(b), db.now())
	if err != nil {
		return fmt.Errorf("save vendor profile: %w", err)
	}
	return nil
}

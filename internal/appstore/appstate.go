package appstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// GetState decodes the device-state value stored under key into v and
// reports whether one was found.
func (db *DB) GetState(ctx context.Context, key string, v any) (bool, error) {
	var raw string
	err := db.db.QueryRowContext(ctx, `SELECT value FROM app_state WHERE key = ?`, key).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("read state %q: %w", key, err)
	}
	if err := json.Unmarshal([]byte(raw), v); err != nil {
		return false, fmt.Errorf("decode state %q: %w", key, err)
	}
	return true, nil
}

// SetState stores v as JSON under key.
func (db *DB) SetState(ctx context.Context, key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode state %q: %w", key, err)
	}
	_, err = db.db.ExecContext(ctx,
		`INSERT INTO app_state (key, value, updated_at) VALUES (?, ?, ?)
		 ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		key, string(b), db.now())
	if err != nil {
		return fmt.Errorf("save state %q: %w", key, err)
	}
	return nil
}

// DeleteState removes a piece of device state.
func (db *DB) DeleteState(ctx context.Context, key string) error {
	if _, err := db.db.ExecContext(ctx, `DELETE FROM app_state WHERE key = ?`, key); err != nil {
		return fmt.Errorf("delete state %q: %w", key, err)
	}
	return nil
}

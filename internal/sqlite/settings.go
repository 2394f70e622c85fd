package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"supportportal/internal/portal"
	"supportportal/internal/tz"
)

var _ portal.SettingsService = (*SettingsService)(nil)

// SettingsService stores personal settings.
type SettingsService struct{ db *DB }

// NewSettingsService returns a settings service backed by db.
func NewSettingsService(db *DB) *SettingsService { return &SettingsService{db: db} }

// Settings returns the current settings.
func (s *SettingsService) Settings(ctx context.Context) (portal.Settings, error) {
	return readSettings(ctx, s.db.db)
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func readSettings(ctx context.Context, q queryer) (portal.Settings, error) {
	var out portal.Settings
	var updated string
	err := q.QueryRowContext(ctx,
		`SELECT language, locale, time_zone, theme, updated_at, version FROM settings WHERE id = 1`).
		Scan(&out.Language, &out.Locale, &out.TimeZone, &out.Theme, &updated, &out.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return portal.DefaultSettings(), nil
	} else if err != nil {
		return out, fmt.Errorf("read settings: %w", err)
	}
	out.UpdatedAt, _ = time.Parse(TimeFormat, updated)
	return out, nil
}

// UpdateSettings validates and saves a change. A rejected field changes
// nothing, not even the other fields of the same update.
func (s *SettingsService) UpdateSettings(ctx context.Context, upd portal.SettingsUpdate) (portal.Settings, error) {
	tx, err := s.db.db.BeginTx(ctx, nil)
	if err != nil {
		return portal.Settings{}, fmt.Errorf("update settings: %w", err)
	}
	defer tx.Rollback()
	cur, err := readSettings(ctx, tx)
	if err != nil {
		return cur, err
	}
	next, err := upd.Apply(cur, tz.Valid)
	if err != nil {
		return cur, err
	}
	if next.Language == cur.Language && next.Locale == cur.Locale && next.TimeZone == cur.TimeZone && next.Theme == cur.Theme {
		return cur, nil
	}
	now := s.db.now()
	if _, err := tx.ExecContext(ctx,
		`UPDATE settings SET language = ?, locale = ?, time_zone = ?, theme = ?, updated_at = ?, version = version + 1 WHERE id = 1`,
		next.Language, next.Locale, next.TimeZone, next.Theme, now); err != nil {
		return cur, fmt.Errorf("update settings: %w", err)
	}
	out, err := readSettings(ctx, tx)
	if err != nil {
		return cur, err
	}
	if err := tx.Commit(); err != nil {
		return cur, fmt.Errorf("update settings: %w", err)
	}
	return out, nil
}

package appstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"supportportal/internal/portal"
	"supportportal/internal/sqlitedb"
	"supportportal/internal/syncproto"
	"supportportal/internal/tz"
)

var _ portal.SettingsService = (*SettingsService)(nil)

// SettingsService stores personal settings.
type SettingsService struct {
	db *DB
	// SignedIn reports whether someone is signed in to a server; while so,
	// a change of the settings that follow the person (language, locale,
	// time zone) joins the outbox as settings.update. Nil means never.
	SignedIn func() bool
}

// NewSettingsService returns a settings service backed by db.
func NewSettingsService(db *DB) *SettingsService { return &SettingsService{db: db} }

// Settings returns the current settings.
func (s *SettingsService) Settings(ctx context.Context) (portal.Settings, error) {
	return readSettings(ctx, s.db.db)
}

func readSettings(ctx context.Context, q sqlitedb.Querier) (portal.Settings, error) {
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
	// Asked before the write begins: the answer is read from the store.
	signedIn := s.SignedIn != nil && s.SignedIn()
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
	if signedIn && !sameFollowed(next, cur.Language, cur.Locale, cur.TimeZone) {
		// The whole set, not the change: pushes apply in order, so the
		// last one the server receives is what the person has.
		if err := queue(ctx, tx, "settings", &syncproto.SettingsUpdate{PersonSettings: syncproto.PersonSettings{Language: next.Language,
			Locale: next.Locale, TimeZone: next.TimeZone}, CreatedAt: now}, now); err != nil {
			return cur, err
		}
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

// AdoptServerSettings takes the settings a server keeps for the person
// signed in on this device: at sign-in (a new device starts in their
// language and time zone) and with every sync (a change made on another
// device arrives). A change made here that is still waiting to be sent
// wins: it is newer and will reach the server. Invalid values change
// nothing.
func (s *SettingsService) AdoptServerSettings(ctx context.Context, language, locale, timeZone string) (portal.Settings, error) {
	cur, err := s.Settings(ctx)
	if err != nil {
		return cur, err
	}
	if sameFollowed(cur, language, locale, timeZone) {
		return cur, nil // every sync brings them: the usual case writes nothing
	}
	var pending int
	if err := s.db.db.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE kind = ? AND state = 'pending'`,
		syncproto.KindSettingsUpdate).Scan(&pending); err != nil {
		return portal.Settings{}, fmt.Errorf("adopt settings: %w", err)
	}
	if pending > 0 {
		return s.Settings(ctx)
	}
	quiet := SettingsService{db: s.db} // taking the server's values sends nothing back
	return quiet.UpdateSettings(ctx, portal.SettingsUpdate{Language: &language, Locale: &locale, TimeZone: &timeZone})
}

// sameFollowed reports whether s has these values of the settings that
// follow the person (the theme is not one of them).
func sameFollowed(s portal.Settings, language, locale, timeZone string) bool {
	return s.Language == language && s.Locale == locale && s.TimeZone == timeZone
}

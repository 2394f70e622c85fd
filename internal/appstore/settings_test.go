package appstore_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"supportportal/internal/appstore"
	"supportportal/internal/must"
	"supportportal/internal/portal"
)

func ptr(s string) *string { return &s }

func TestSettingsDefaults(t *testing.T) {
	s := appstore.NewSettingsService(openTemp(t))
	got, err := s.Settings(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got.Language != "en" || got.Theme != "system" || got.Locale != "" || got.TimeZone != "" || got.Version != 1 {
		t.Fatalf("defaults = %+v", got)
	}
}

func TestSettingsUpdateKeptAcrossRestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "portal.db")
	db, err := appstore.Open(ctx, path, appstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.FixedZone("x", 3600)) }
	s := appstore.NewSettingsService(db)
	got, err := s.UpdateSettings(ctx, portal.SettingsUpdate{
		Language: ptr("de"), Locale: ptr("de-CH"), TimeZone: ptr("Europe/Zurich"), Theme: ptr("dark"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 || !got.UpdatedAt.Equal(time.Date(2026, 3, 1, 11, 0, 0, 0, time.UTC)) {
		t.Fatalf("after update = %+v", got)
	}
	db.Close()

	db, err = appstore.Open(ctx, path, appstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, _ = appstore.NewSettingsService(db).Settings(ctx)
	if got.Language != "de" || got.Locale != "de-CH" || got.TimeZone != "Europe/Zurich" || got.Theme != "dark" {
		t.Fatalf("after restart = %+v", got)
	}
}

func TestSettingsPartialUpdateKeepsOtherFields(t *testing.T) {
	ctx := context.Background()
	s := appstore.NewSettingsService(openTemp(t))
	must.Get(s.UpdateSettings(ctx, portal.SettingsUpdate{Language: ptr("de"), TimeZone: ptr("Asia/Tokyo")}))
	got, err := s.UpdateSettings(ctx, portal.SettingsUpdate{Theme: ptr("light")})
	if err != nil || got.Language != "de" || got.TimeZone != "Asia/Tokyo" || got.Theme != "light" {
		t.Fatalf("got %+v, %v", got, err)
	}
	// An update that changes nothing does not bump the version.
	again, _ := s.UpdateSettings(ctx, portal.SettingsUpdate{Theme: ptr("light")})
	if again.Version != got.Version {
		t.Fatalf("no-op update bumped version %d -> %d", got.Version, again.Version)
	}
	// Empty locale and time zone mean "follow the OS".
	sys, err := s.UpdateSettings(ctx, portal.SettingsUpdate{TimeZone: ptr(""), Locale: ptr("")})
	if err != nil || sys.TimeZone != "" || sys.Locale != "" {
		t.Fatalf("follow OS: %+v, %v", sys, err)
	}
}

func TestSettingsBadInputChangesNothing(t *testing.T) {
	ctx := context.Background()
	s := appstore.NewSettingsService(openTemp(t))
	before, _ := s.UpdateSettings(ctx, portal.SettingsUpdate{Language: ptr("de"), TimeZone: ptr("Europe/Berlin")})

	cases := []struct {
		name   string
		upd    portal.SettingsUpdate
		field  string
		reason string
	}{
		{"unknown language", portal.SettingsUpdate{Language: ptr("xx")}, "language", "unknown_language"},
		{"empty language", portal.SettingsUpdate{Language: ptr("")}, "language", "unknown_language"},
		{"unknown locale", portal.SettingsUpdate{Locale: ptr("en-XX")}, "locale", "unknown_locale"},
		{"unknown time zone", portal.SettingsUpdate{TimeZone: ptr("Mars/Olympus")}, "timeZone", "unknown_time_zone"},
		{"path as time zone", portal.SettingsUpdate{TimeZone: ptr("../../../etc/passwd")}, "timeZone", "unknown_time_zone"},
		{"huge time zone", portal.SettingsUpdate{TimeZone: ptr(strings.Repeat("A", 1<<20))}, "timeZone", "unknown_time_zone"},
		{"Local is not a zone", portal.SettingsUpdate{TimeZone: ptr("Local")}, "timeZone", "unknown_time_zone"},
		{"unknown theme", portal.SettingsUpdate{Theme: ptr("neon")}, "theme", "unknown_theme"},
		{"hostile language", portal.SettingsUpdate{Language: ptr("en'); DROP TABLE settings;--")}, "language", "unknown_language"},
		// One bad field in an otherwise good update: nothing is saved.
		{"good and bad together", portal.SettingsUpdate{Theme: ptr("dark"), TimeZone: ptr("Nowhere/City")}, "timeZone", "unknown_time_zone"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.UpdateSettings(ctx, tc.upd)
			pe := portal.AsError(err)
			if pe.Code != portal.EInvalid || pe.Field != tc.field || pe.Reason != tc.reason {
				t.Fatalf("error = %#v, want invalid %s/%s", pe, tc.field, tc.reason)
			}
			if len(pe.Message) > 200 {
				t.Errorf("message too long (%d bytes): echoes the whole input", len(pe.Message))
			}
			after, _ := s.Settings(ctx)
			if after != before {
				t.Fatalf("settings changed by a rejected update: %+v -> %+v", before, after)
			}
		})
	}
}

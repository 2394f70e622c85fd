package appstore_test

import (
	"context"
	"path/filepath"
	"testing"

	"supportportal/internal/appstore"
	"supportportal/internal/benchutil"
	"supportportal/internal/portal"
)

// BenchmarkOpen measures opening an existing store at app start (migrations
// already applied): part of the cold-start budget.
func BenchmarkOpen(b *testing.B) {
	path := filepath.Join(b.TempDir(), "portal.db")
	db, err := appstore.Open(context.Background(), path, appstore.Options{})
	if err != nil {
		b.Fatal(err)
	}
	db.Close()
	var rec benchutil.Recorder
	for b.Loop() {
		rec.Time(func() {
			db, err := appstore.Open(context.Background(), path, appstore.Options{})
			if err != nil {
				b.Fatal(err)
			}
			db.Close()
		})
	}
	rec.Report(b)
}

// BenchmarkUpdateSettings measures one saved settings change (a write
// transaction with its fsync in WAL mode).
func BenchmarkUpdateSettings(b *testing.B) {
	s := appstore.NewSettingsService(openTemp(b))
	zones := []string{"Europe/Berlin", "Asia/Tokyo"}
	var rec benchutil.Recorder
	i := 0
	for b.Loop() {
		tz := zones[i%2]
		i++
		rec.Time(func() {
			if _, err := s.UpdateSettings(context.Background(), portal.SettingsUpdate{TimeZone: &tz}); err != nil {
				b.Fatal(err)
			}
		})
	}
	rec.Report(b)
}

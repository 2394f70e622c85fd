package tz

import (
	"testing"
	"time"
)

func TestEveryListedZoneLoads(t *testing.T) {
	if len(Names()) < 300 {
		t.Fatalf("zone list has %d entries; expected the full IANA list", len(Names()))
	}
	for _, n := range Names() {
		if _, err := time.LoadLocation(n); err != nil {
			t.Errorf("listed zone %q does not load: %v", n, err)
		}
	}
}

func TestValid(t *testing.T) {
	for _, ok := range []string{"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"} {
		t.Run(ok, func(t *testing.T) {
			if !Valid(ok) {
				t.Errorf("Valid(%q) = false", ok)
			}
		})
	}
	for _, bad := range []string{"", "Local", "Mars/Olympus", "../../etc/passwd", "Europe/Berlin\x00", "europe/berlin"} {
		t.Run(bad, func(t *testing.T) {
			if Valid(bad) {
				t.Errorf("Valid(%q) = true", bad)
			}
		})
	}
}

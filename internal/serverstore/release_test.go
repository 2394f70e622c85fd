package serverstore_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"supportportal/internal/portal"
	"supportportal/internal/syncproto"
)

// SetRelease changes only the two release fields of the chosen vendor and
// refuses a version or page the apps could not use, with its reason.
func TestSetReleaseChangesOnlyTheReleaseFields(t *testing.T) {
	ctx := context.Background()
	db := open(t, filepath.Join(t.TempDir(), "server.db"))
	first := portal.DefaultVendorProfile()
	firstID, err := db.CreateVendor(ctx, "first", syncproto.Profile{Vendor: first})
	if err != nil {
		t.Fatal(err)
	}
	other := portal.DefaultVendorProfile()
	other.Name = "Other"
	otherID, err := db.CreateVendor(ctx, "other", syncproto.Profile{Vendor: other})
	if err != nil {
		t.Fatal(err)
	}

	if _, err := db.SetRelease(ctx, otherID, "v2.1.0", "https://other.example/download"); err != nil {
		t.Fatal(err)
	}
	want := other
	want.LatestVersion, want.DownloadURL = "2.1.0", "https://other.example/download"
	if p, _ := db.Profile(ctx, otherID); p.Vendor != want {
		t.Fatalf("other vendor:\n got %+v\nwant %+v", p.Vendor, want)
	}
	if p, _ := db.Profile(ctx, firstID); p.Vendor != first {
		t.Fatalf("the first vendor changed too: %+v", p.Vendor)
	}

	for _, c := range []struct{ version, url, field, reason string }{
		{"2.2", "https://other.example/download", "version", "invalid_version"},
		{"", "https://other.example/download", "version", "invalid_version"},
		{"2.2.0", "ftp://other.example/setup.exe", "downloadUrl", "unsupported_link"},
		{"2.2.0", "", "downloadUrl", "unsupported_link"},
	} {
		t.Run(c.version+" "+c.url, func(t *testing.T) {
			_, err := db.SetRelease(ctx, otherID, c.version, c.url)
			var pe *portal.Error
			if !errors.As(err, &pe) || pe.Code != portal.EInvalid || pe.Field != c.field || pe.Reason != c.reason {
				t.Errorf("SetRelease(%q, %q) = %v, want %s/%s", c.version, c.url, err, c.field, c.reason)
			}
		})
	}
	if p, _ := db.Profile(ctx, otherID); p.Vendor != want {
		t.Fatalf("a refused release changed the profile: %+v", p.Vendor)
	}
	if _, err := db.SetRelease(ctx, "no-such-vendor", "2.2.0", "https://other.example/download"); portal.ErrorCode(err) != portal.ENotFound {
		t.Fatalf("unknown vendor: %v", err)
	}
}

package portal

import "testing"

func TestNewerVersionComparesSemantically(t *testing.T) {
	for _, c := range []struct {
		current, latest string
		newer           bool
	}{
		{"1.9.0", "1.10.0", true}, // numbers, not text: "1.10" > "1.9"
		{"1.10.0", "1.9.0", false},
		{"1.2.3", "1.2.3", false},
		{"1.2.3", "v1.2.3", false},
		{"v1.2.3", "1.2.4", true},
		{"2.0.0-rc.1", "2.0.0", true}, // a release follows its candidates
		{"2.0.0", "2.0.0-rc.2", false},
		{"2.0.0-rc.1", "2.0.0-rc.2", true},
		{"1.2.3", "1.2.3+build.7", false}, // build metadata does not order
		{"0.0.0-dev", "0.1.0", true},
		{"dev", "0.1.0", true},     // a development build is older than any release
		{"1.2.3", "", false},       // nothing announced
		{"1.2.3", "latest", false}, // not a version: never newer
		{"1.2.3", "1.2", false},    // incomplete versions are refused
	} {
		t.Run(c.current+" to "+c.latest, func(t *testing.T) {
			if got := NewerVersion(c.current, c.latest); got != c.newer {
				t.Errorf("NewerVersion(%q, %q) = %v, want %v", c.current, c.latest, got, c.newer)
			}
		})
	}
}

func TestValidVersionNeedsAllThreeNumbers(t *testing.T) {
	for v, ok := range map[string]bool{"1.2.3": true, "v1.2.3": true, "1.2.3-rc.1": true, "1.2.3+build.5": true,
		"1.2": false, "v1": false, "1.2-rc.1": false, "": false, "latest": false, "01.2.3": false} {
		t.Run(v, func(t *testing.T) {
			if ValidVersion(v) != ok {
				t.Errorf("ValidVersion(%q) = %v, want %v", v, !ok, ok)
			}
		})
	}
}

func TestUpdateForNeedsANewerVersionAndAWebPage(t *testing.T) {
	v := DefaultVendorProfile()
	v.LatestVersion, v.DownloadURL = "v1.3.0", " https://downloads.example.com/portal "
	got := UpdateFor("1.2.0", v)
	want := Update{Current: "1.2.0", Latest: "1.3.0", DownloadURL: "https://downloads.example.com/portal", Available: true}
	if got != want {
		t.Fatalf("UpdateFor = %+v, want %+v", got, want)
	}
	if got := UpdateFor("1.3.0", v); got.Available {
		t.Errorf("same version offered as an update: %+v", got)
	}
	for _, bad := range []string{"", "javascript:alert(1)", "file:///C:/setup.exe", "https://"} {
		t.Run(bad, func(t *testing.T) {
			v.DownloadURL = bad
			if got := UpdateFor("1.2.0", v); got.Available {
				t.Errorf("download URL %q offered: %+v", bad, got)
			}
		})
	}
}

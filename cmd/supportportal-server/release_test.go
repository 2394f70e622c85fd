package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"supportportal/internal/portal"
)

// The release command puts the newest version and its download page in the
// vendor profile that apps fetch; bad input is refused with its reason and
// changes nothing.
func TestReleaseCommandAnnouncesTheNewestVersion(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "server.db")
	if code := run(context.Background(), []string{"seed", "--db", db, "--mail-dir", filepath.Join(dir, "mail")}, io.Discard, io.Discard, nil); code != 0 {
		t.Fatalf("seed exit %d", code)
	}
	release := func(args ...string) (int, string) {
		var out, errb bytes.Buffer
		code := run(context.Background(), append([]string{"release", "--db", db}, args...), &out, &errb, nil)
		return code, out.String() + errb.String()
	}
	profile := func() portal.VendorProfile {
		addr, stop := start(t, "--db", db, "--mail-dir", filepath.Join(dir, "mail"))
		defer stop()
		res, err := http.Get("http://" + addr + "/v1/profile")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var p struct {
			Vendor portal.VendorProfile `json:"vendor"`
		}
		if err := json.NewDecoder(res.Body).Decode(&p); err != nil {
			t.Fatal(err)
		}
		return p.Vendor
	}

	if code, out := release("--version", "v1.4.0", "--download-url", "https://downloads.example.com/portal"); code != 0 || !strings.Contains(out, "1.4.0") {
		t.Fatalf("release exit %d: %s", code, out)
	}
	want := portal.DefaultVendorProfile()
	want.LatestVersion, want.DownloadURL = "1.4.0", "https://downloads.example.com/portal"
	if got := profile(); got != want {
		t.Fatalf("profile after release:\n got %+v\nwant %+v", got, want)
	}

	for _, c := range []struct {
		args []string
		why  string
	}{
		{[]string{"--version", "1.5", "--download-url", "https://downloads.example.com/portal"}, "version: \"1.5\" is not a semantic version"},
		{[]string{"--version", "latest", "--download-url", "https://downloads.example.com/portal"}, "version: \"latest\" is not a semantic version"},
		{[]string{"--version", "1.5.0", "--download-url", "file:///C:/setup.exe"}, "downloadUrl: the download page must be an http(s) address"},
		{[]string{"--version", "1.5.0"}, "downloadUrl: the download page must be an http(s) address"},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			if code, out := release(c.args...); code != 1 || !strings.Contains(out, c.why) {
				t.Errorf("release %v: exit %d, want 1 with %q: %s", c.args, code, c.why, out)
			}
		})
	}
	if got := profile(); got != want {
		t.Fatalf("a refused release changed the profile:\n got %+v\nwant %+v", got, want)
	}

	// Both empty withdraw the announcement.
	if code, out := release("--version", "", "--download-url", ""); code != 0 {
		t.Fatalf("withdraw exit %d: %s", code, out)
	}
	if got := profile(); got != portal.DefaultVendorProfile() {
		t.Fatalf("profile after withdrawal: %+v", got)
	}
}

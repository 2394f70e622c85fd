package portal

import (
	"net/url"
	"strings"

	"golang.org/x/mod/semver"
)

// Update is what the app knows about a newer release of itself.
type Update struct {
	// Current is the running app's version.
	Current string `json:"current"`
	// Latest is the newest release the vendor announced ("" when none).
	Latest string `json:"latest"`
	// DownloadURL is the page to get it from.
	DownloadURL string `json:"downloadUrl"`
	// Available is true when Latest is newer than Current and there is a
	// web page to download it from.
	Available bool `json:"available"`
}

// canonical turns "1.2.3" or "v1.2.3" into semver's "v1.2.3"; "" when the
// text is not a semantic version.
func canonical(v string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return ""
	}
	if !strings.HasPrefix(v, "v") {
		v = "v" + v
	}
	// semver accepts the shorthands v1 and v1.2; a release names all three.
	core := v
	if i := strings.IndexAny(core, "-+"); i >= 0 {
		core = core[:i]
	}
	if !semver.IsValid(v) || strings.Count(core, ".") != 2 {
		return ""
	}
	return v
}

// ValidVersion reports whether v is a full semantic version, MAJOR.MINOR.PATCH
// with optional pre-release and build (with or without a leading "v").
func ValidVersion(v string) bool { return canonical(v) != "" }

// NewerVersion reports whether latest is a later release than current by
// semantic-version order (1.10.0 after 1.9.0; 2.0.0-rc.1 before 2.0.0). A
// version that is not semantic is never newer, and a current version that
// is not semantic (a development build) is older than any release.
func NewerVersion(current, latest string) bool {
	l := canonical(latest)
	if l == "" {
		return false
	}
	c := canonical(current)
	if c == "" {
		return true
	}
	return semver.Compare(l, c) > 0
}

// ValidDownloadURL reports whether u is a web address a browser can open.
func ValidDownloadURL(u string) bool {
	p, err := url.Parse(strings.TrimSpace(u))
	return err == nil && (p.Scheme == "https" || p.Scheme == "http") && p.Host != ""
}

// UpdateFor compares the running version with the vendor's announcement.
func UpdateFor(current string, v VendorProfile) Update {
	u := Update{Current: current, Latest: strings.TrimPrefix(strings.TrimSpace(v.LatestVersion), "v"), DownloadURL: strings.TrimSpace(v.DownloadURL)}
	u.Available = NewerVersion(current, v.LatestVersion) && ValidDownloadURL(u.DownloadURL)
	return u
}

package appid

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"supportportal/internal/fatalbox"
)

func readRepoFile(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// nsisDefine returns the value of !define NAME "value" in the installer.
func nsisDefine(t *testing.T, nsi, name string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^!define\s+` + name + `\s+"([^"]*)"`).FindStringSubmatch(nsi)
	if m == nil {
		t.Fatalf("installer has no !define %s", name)
	}
	return m[1]
}

// The installer, the Wails build and the app name the app alike: the
// AppUserModelID the app sets and the shortcut carries is the name of the
// executable the installer installs and Wails files notifications under,
// and the WebView2 link is the same in the installer and the app.
func TestInstallerAndBuildAgree(t *testing.T) {
	nsi := readRepoFile(t, "build/windows/installer/supportportal.nsi")
	if got := nsisDefine(t, nsi, "APP_USER_MODEL_ID"); got != AppUserModelID {
		t.Errorf("installer APP_USER_MODEL_ID %q, app %q", got, AppUserModelID)
	}
	if got := nsisDefine(t, nsi, "EXE_NAME"); got != AppUserModelID {
		t.Errorf("installer EXE_NAME %q: Wails sends notifications as the executable's name, the app's AppUserModelID is %q", got, AppUserModelID)
	}
	if got := nsisDefine(t, nsi, "PRODUCT"); got != DisplayName {
		t.Errorf("installer PRODUCT %q, notification display name %q", got, DisplayName)
	}
	if got := nsisDefine(t, nsi, "WEBVIEW2_URL"); got != fatalbox.WebView2DownloadURL {
		t.Errorf("installer WEBVIEW2_URL %q, app %q", got, fatalbox.WebView2DownloadURL)
	}

	var wails struct {
		OutputFilename string `json:"outputfilename"`
	}
	if err := json.Unmarshal([]byte(readRepoFile(t, "wails.json")), &wails); err != nil {
		t.Fatal(err)
	}
	if got := wails.OutputFilename + ".exe"; got != AppUserModelID {
		t.Errorf("wails build makes %q, the AppUserModelID is %q", got, AppUserModelID)
	}
}

// The macOS bundle identifier, under which notifications are filed, is
// the one in both Info.plist templates.
func TestBundleID(t *testing.T) {
	re := regexp.MustCompile(`<key>CFBundleIdentifier</key>\s*<string>([^<]*)</string>`)
	for _, f := range []string{"build/darwin/Info.plist", "build/darwin/Info.dev.plist"} {
		m := re.FindAllStringSubmatch(readRepoFile(t, f), -1)
		if len(m) != 1 {
			t.Errorf("%s: %d CFBundleIdentifier entries, want 1", f, len(m))
			continue
		}
		if m[0][1] != BundleID {
			t.Errorf("%s: CFBundleIdentifier %q, want %q", f, m[0][1], BundleID)
		}
	}
}

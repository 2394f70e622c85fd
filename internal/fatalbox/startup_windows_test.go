//go:build windows

package fatalbox

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"

	"supportportal/internal/appid"
	"supportportal/internal/appstore"
	"supportportal/internal/datadir"
	"supportportal/internal/portal"
)

// appBinEnv names the app built for Windows as it ships (-H windowsgui,
// the wv2runtime.error strategy); scripts/wine-test.sh builds it.
const appBinEnv = "SUPPORTPORTAL_TEST_APP_BIN"

// webView2Installed reports whether the Evergreen WebView2 runtime is
// registered, where the installer looks for it.
func webView2Installed() bool {
	const client = `Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}`
	for _, k := range []struct {
		root registry.Key
		path string
	}{{registry.LOCAL_MACHINE, `SOFTWARE\WOW6432Node\` + client}, {registry.CURRENT_USER, `Software\` + client}} {
		if key, err := registry.OpenKey(k.root, k.path, registry.QUERY_VALUE); err == nil {
			v, _, _ := key.GetStringValue("pv")
			key.Close()
			if v != "" && v != "0.0.0.0" {
				return true
			}
		}
	}
	return false
}

// The shipped app on a Windows without WebView2 (Wine has none) tells the
// person once, in a box in their language naming the download link, and
// exits 1 when it is closed; before that it has registered its
// AppUserModelID with its notification icon.
func TestAppWithoutWebView2TellsOnce(t *testing.T) {
	bin := os.Getenv(appBinEnv)
	if bin == "" {
		if underWine() {
			t.Fatalf("%s is not set: run through scripts/wine-test.sh, which builds the app", appBinEnv)
		}
		t.Skipf("needs the app built for Windows (%s) on a Windows without WebView2; scripts/wine-test.sh runs it under Wine", appBinEnv)
	}
	if webView2Installed() {
		t.Skip("the WebView2 runtime is installed here: the app would open its window")
	}
	t.Cleanup(func() { _ = registry.DeleteKey(registry.CURRENT_USER, appid.RegistryKey(appid.AppUserModelID)) })
	if underWine() {
		// Wine starts its desktop process (explorer.exe) for the first
		// window, and it inherits that process's handles for good: start it
		// here from a process whose handles are NUL, not from the app,
		// whose log file would stay open (and undeletable) after it ends.
		if err := exec.Command("rundll32.exe", "user32.dll,GetDesktopWindow").Run(); err != nil {
			t.Fatalf("start Wine's desktop: %v", err)
		}
	}

	t.Run("first start: the system's language", func(t *testing.T) {
		dir := t.TempDir()
		runWithoutWebView2(t, bin, dir, For(Language("", SystemLanguages())))
	})
	t.Run("the language chosen in the app", func(t *testing.T) {
		dir := t.TempDir()
		ctx := context.Background()
		db, err := appstore.Open(ctx, datadir.StorePath(dir), appstore.Options{})
		if err != nil {
			t.Fatal(err)
		}
		de := "de"
		if _, err := appstore.NewSettingsService(db).UpdateSettings(ctx, portal.SettingsUpdate{Language: &de}); err != nil {
			t.Fatal(err)
		}
		db.Close()
		runWithoutWebView2(t, bin, dir, For("de"))
	})
}

// logText is what the app wrote to its log file so far.
func logText(f *os.File) string {
	b, _ := os.ReadFile(f.Name())
	return string(b)
}

func runWithoutWebView2(t *testing.T, bin, dir string, want Text) {
	// The log goes to a file: a pipe would also do, but Wait then waits
	// for every process holding its end, which is not the question here.
	stderr, err := os.Create(filepath.Join(t.TempDir(), "stderr.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer stderr.Close()
	cmd := exec.Command(bin, "--data-dir", dir)
	cmd.Env = append(os.Environ(), "SUPPORTPORTAL_NO_KEYCHAIN=1")
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		select {
		case err := <-exited: // its exit status is checked by the test itself
			exited <- err
		default:
			_ = cmd.Process.Kill() // already gone is fine: we only wait for it
			exited <- <-exited
		}
	}()

	// The box: Wails' error strategy, titled and worded by fatalbox.
	var box windows.HWND
	deadline := time.Now().Add(2 * time.Minute)
	for box = findBox(want.Title); box == 0; box = findBox(want.Title) {
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("the app exited (%v) without a box titled %q; its log:\n%s", err, want.Title, logText(stderr))
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no box titled %q within 2 minutes; the app's log:\n%s", want.Title, logText(stderr))
		}
		time.Sleep(20 * time.Millisecond)
	}
	var pid uint32
	if _, err := windows.GetWindowThreadProcessId(box, &pid); err != nil || int(pid) != cmd.Process.Pid {
		t.Fatalf("the box belongs to process %d (%v), the app is %d", pid, err, cmd.Process.Pid)
	}
	norm := func(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
	if texts := staticTexts(box); len(texts) != 1 || norm(texts[0]) != want.WebView2.ContactAdmin {
		t.Fatalf("box text %q, want %q", texts, want.WebView2.ContactAdmin)
	}

	// Before the window, the app registered its AppUserModelID.
	k, err := registry.OpenKey(registry.CURRENT_USER, appid.RegistryKey(appid.AppUserModelID), registry.QUERY_VALUE)
	if err != nil {
		t.Fatalf("AppUserModelID not registered: %v", err)
	}
	name, _, _ := k.GetStringValue("DisplayName")
	icon, _, _ := k.GetStringValue("IconUri")
	k.Close()
	if name != appid.DisplayName || !strings.EqualFold(icon, filepath.Join(dir, appid.IconFile)) {
		t.Errorf("HKCU\\%s: DisplayName %q, IconUri %q; want %q, %q", appid.RegistryKey(appid.AppUserModelID), name, icon, appid.DisplayName, filepath.Join(dir, appid.IconFile))
	}
	if st, err := os.Stat(filepath.Join(dir, appid.IconFile)); err != nil || st.Size() == 0 {
		t.Errorf("notification icon: %v", err)
	}

	// Closed, the app ends with 1 and no second box.
	if r, _, err := procPostMessageW.Call(uintptr(box), wmClose, 0, 0); r == 0 {
		t.Fatalf("PostMessage WM_CLOSE: %v", err)
	}
	select {
	case err := <-exited:
		exited <- err
		if cmd.ProcessState.ExitCode() != 1 {
			t.Fatalf("exit code %d (%v), want 1; log:\n%s", cmd.ProcessState.ExitCode(), err, logText(stderr))
		}
	case <-time.After(time.Minute):
		second := findBox(want.Title)
		t.Fatalf("the app is still running a minute after its box closed (a second box: %q); log:\n%s", staticTexts(second), logText(stderr))
	}
	log := logText(stderr)
	if !strings.Contains(log, ErrWebView2Missing.Error()) {
		t.Errorf("the log does not name the missing runtime:\n%s", log)
	}
	if strings.Contains(log, want.Failed) {
		t.Errorf("fatalbox showed a second message after Wails' own:\n%s", log)
	}
}

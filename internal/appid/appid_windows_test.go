//go:build windows

package appid

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	toast "git.sr.ht/~jackmordaunt/go-toast/v2"
	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

// testID is an ID of this test run, removed from HKCU afterwards.
func testID(t *testing.T) string {
	id := fmt.Sprintf("SupportPortal.Test.%d", rand.Uint32())
	t.Cleanup(func() { _ = registry.DeleteKey(registry.CURRENT_USER, RegistryKey(id)) })
	return id
}

func regValues(t *testing.T, id string) map[string]string {
	t.Helper()
	k, err := registry.OpenKey(registry.CURRENT_USER, RegistryKey(id), registry.QUERY_VALUE)
	if err != nil {
		t.Fatalf("HKCU\\%s: %v", RegistryKey(id), err)
	}
	defer k.Close()
	names, err := k.ReadValueNames(-1)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, n := range names {
		v, _, err := k.GetStringValue(n)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		out[n] = v
	}
	return out
}

func underWine() bool {
	return windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version").Find() == nil
}

// checkProcess checks that the process's AppUserModelID reads back as id.
// Wine 8's shell32 accepts the ID without keeping it (its setter is a stub
// returning S_OK, its getter answers E_NOTIMPL); there only the setter's
// success is checked, and real Windows (CI's go-native job) reads it back.
func checkProcess(t *testing.T, id string) {
	t.Helper()
	got, err := Process()
	if underWine() && errors.Is(err, ENotImpl) {
		t.Logf("Wine: GetCurrentProcessExplicitAppUserModelID is not implemented; %q is read back on real Windows", id)
		return
	}
	if err != nil || got != id {
		t.Fatalf("Process() = %q, %v; want %q", got, err, id)
	}
}

func TestSetProcess(t *testing.T) {
	id := fmt.Sprintf("SupportPortal.Test.%d", rand.Uint32())
	if err := SetProcess(id); err != nil {
		t.Fatal(err)
	}
	checkProcess(t, id)
}

func TestRegister(t *testing.T) {
	id := testID(t)
	if err := Register(id, "Support Portal", `C:\Users\Ann\AppData\Roaming\SupportPortal\notification-icon.png`); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"DisplayName": "Support Portal", "IconUri": `C:\Users\Ann\AppData\Roaming\SupportPortal\notification-icon.png`}
	if got := regValues(t, id); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("HKCU\\%s = %v, want %v", RegistryKey(id), got, want)
	}
}

// What Wails' notifications do after the app registered: go-toast (the
// version Wails pins) writes its own name and icon only where there is
// none, so ours stay; and ours replace what an earlier go-toast wrote.
func TestRegisterAndGoToastAgree(t *testing.T) {
	id := testID(t)
	// An older start: go-toast's values are there first.
	if err := toast.SetAppData(toast.AppData{AppID: id, IconPath: `C:\Temp\go-toast.png`}); err != nil {
		t.Fatal(err)
	}
	if got := regValues(t, id); got["DisplayName"] != id {
		t.Fatalf("go-toast wrote DisplayName %q, this test expects the ID %q (go-toast changed?)", got["DisplayName"], id)
	}
	if err := Register(id, DisplayName, `C:\data\notification-icon.png`); err != nil {
		t.Fatal(err)
	}
	// Wails initialises notifications after the app's start: go-toast again.
	if err := toast.SetAppData(toast.AppData{AppID: id, IconPath: `C:\Temp\other.png`}); err != nil {
		t.Fatal(err)
	}
	got := regValues(t, id)
	if got["DisplayName"] != DisplayName || got["IconUri"] != `C:\data\notification-icon.png` || got["CustomActivator"] == "" {
		t.Fatalf("after app and go-toast: %v; want DisplayName %q, IconUri the app's, go-toast's CustomActivator", got, DisplayName)
	}
}

func TestSetup(t *testing.T) {
	id := testID(t)
	dir := filepath.Join(t.TempDir(), "SupportPortal")
	icon := []byte("\x89PNG\r\n\x1a\n not really, but bytes")
	if err := Setup(id, dir, icon); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, IconFile)
	if b, err := os.ReadFile(path); err != nil || !bytes.Equal(b, icon) {
		t.Fatalf("icon file: %v", err)
	}
	got := regValues(t, id)
	if got["DisplayName"] != DisplayName || got["IconUri"] != path {
		t.Fatalf("HKCU\\%s = %v, want DisplayName %q, IconUri %q", RegistryKey(id), got, DisplayName, path)
	}
	checkProcess(t, id)

	// The icon cannot be written (its folder is a file): the rest still
	// happens, without an icon, and the error says why.
	id2 := testID(t)
	blocker := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	err := Setup(id2, blocker, icon)
	if err == nil || !strings.Contains(err.Error(), "notification icon") {
		t.Fatalf("Setup into a file: %v, want the icon error", err)
	}
	if got := regValues(t, id2); got["DisplayName"] != DisplayName || got["IconUri"] != "" {
		t.Fatalf("without icon: %v", got)
	}
	checkProcess(t, id2)
}

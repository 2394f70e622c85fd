//go:build windows

package appid

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"unsafe"

	"golang.org/x/sys/windows"
	"golang.org/x/sys/windows/registry"
)

var (
	shell32                                     = windows.NewLazySystemDLL("shell32.dll")
	procSetCurrentProcessExplicitAppUserModelID = shell32.NewProc("SetCurrentProcessExplicitAppUserModelID")
	procGetCurrentProcessExplicitAppUserModelID = shell32.NewProc("GetCurrentProcessExplicitAppUserModelID")
)

// Setup names the running app to Windows: it writes icon into dataDir,
// registers id with DisplayName and that icon, and sets id for the
// process. Call it before the first window: Windows reads the process's
// ID when a window is created. Every step is tried; the errors are
// joined.
func Setup(id, dataDir string, icon []byte) error {
	iconPath := filepath.Join(dataDir, IconFile)
	iconErr := writeIcon(iconPath, icon)
	if iconErr != nil {
		iconPath = "" // Windows shows a generic icon
	}
	return errors.Join(iconErr, Register(id, DisplayName, iconPath), SetProcess(id))
}

// writeIcon writes icon to path unless it holds those bytes already.
func writeIcon(path string, icon []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, icon) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("notification icon: %w", err)
	}
	if err := os.WriteFile(path, icon, 0o600); err != nil {
		return fmt.Errorf("notification icon: %w", err)
	}
	return nil
}

// Register records id's display name and icon (a file path; "" leaves the
// icon out) in HKCU. The values are written every time, so that a name an
// older start left behind (go-toast writes the ID itself as the name and
// keeps any value it finds) is replaced.
func Register(id, displayName, iconPath string) error {
	k, _, err := registry.CreateKey(registry.CURRENT_USER, RegistryKey(id), registry.SET_VALUE)
	if err != nil {
		return fmt.Errorf("register AppUserModelID %s: %w", id, err)
	}
	defer k.Close()
	if err := k.SetStringValue("DisplayName", displayName); err != nil {
		return fmt.Errorf("register AppUserModelID %s: %w", id, err)
	}
	if iconPath != "" {
		if err := k.SetStringValue("IconUri", iconPath); err != nil {
			return fmt.Errorf("register AppUserModelID %s: %w", id, err)
		}
	}
	return nil
}

// SetProcess sets the process's explicit AppUserModelID.
func SetProcess(id string) error {
	p, err := windows.UTF16PtrFromString(id)
	if err != nil {
		return fmt.Errorf("AppUserModelID %q: %w", id, err)
	}
	if hr, _, _ := procSetCurrentProcessExplicitAppUserModelID.Call(uintptr(unsafe.Pointer(p))); hr != 0 {
		return fmt.Errorf("SetCurrentProcessExplicitAppUserModelID(%q): %w", id, HRESULT(hr))
	}
	return nil
}

// HRESULT is a failed shell call's result.
type HRESULT uint32

func (h HRESULT) Error() string { return fmt.Sprintf("HRESULT %#x", uint32(h)) }

// ENotImpl is E_NOTIMPL.
const ENotImpl HRESULT = 0x80004001

// Process returns the process's explicit AppUserModelID.
func Process() (string, error) {
	var p *uint16
	if hr, _, _ := procGetCurrentProcessExplicitAppUserModelID.Call(uintptr(unsafe.Pointer(&p))); hr != 0 {
		return "", fmt.Errorf("GetCurrentProcessExplicitAppUserModelID: %w", HRESULT(hr))
	}
	defer windows.CoTaskMemFree(unsafe.Pointer(p))
	return windows.UTF16PtrToString(p), nil
}

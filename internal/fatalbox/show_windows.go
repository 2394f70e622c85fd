//go:build windows

package fatalbox

import (
	"fmt"
	"runtime"

	"golang.org/x/sys/windows"
)

// show opens a modal error box with an OK button, in front of other
// windows (the app has none yet to be modal to), and returns when it is
// closed.
func show(title, message string) error {
	t, err := windows.UTF16PtrFromString(title)
	if err != nil {
		return fmt.Errorf("message box title: %w", err)
	}
	m, err := windows.UTF16PtrFromString(message)
	if err != nil {
		return fmt.Errorf("message box text: %w", err)
	}
	// The box's window belongs to the calling thread, which must stay the
	// same while it runs its message loop.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if ret, err := windows.MessageBox(0, m, t, windows.MB_OK|windows.MB_ICONERROR|windows.MB_SETFOREGROUND|windows.MB_TOPMOST); ret == 0 {
		return fmt.Errorf("MessageBoxW: %w", err)
	}
	return nil
}

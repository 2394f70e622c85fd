//go:build windows

package fatalbox

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

var (
	user32             = windows.NewLazySystemDLL("user32.dll")
	procFindWindowW    = user32.NewProc("FindWindowW")
	procGetWindowTextW = user32.NewProc("GetWindowTextW")
	procGetWindowLongW = user32.NewProc("GetWindowLongW")
	procPostMessageW   = user32.NewProc("PostMessageW")
)

const (
	wmClose         = 0x0010
	gwlExStyle      = -20
	wsExTopmost     = 0x00000008
	dialogClass     = "#32770" // the class of every message box
	staticClass     = "Static"
	boxAppearsIn    = 30 * time.Second
	boxClosesWithin = 30 * time.Second
)

// underWine reports whether the test runs under Wine, whose ntdll has
// wine_get_version.
func underWine() bool {
	return windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version").Find() == nil
}

// findBox returns the message box with this title, 0 while there is none.
func findBox(title string) windows.HWND {
	c, _ := windows.UTF16PtrFromString(dialogClass)
	t, _ := windows.UTF16PtrFromString(title)
	h, _, _ := procFindWindowW.Call(uintptr(unsafe.Pointer(c)), uintptr(unsafe.Pointer(t)))
	return windows.HWND(h)
}

func windowText(h windows.HWND) string {
	buf := make([]uint16, 4096)
	n, _, _ := procGetWindowTextW.Call(uintptr(h), uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)))
	return windows.UTF16ToString(buf[:n])
}

// staticTexts are the texts of the box's Static controls (its message;
// the icon is a Static without text).
func staticTexts(box windows.HWND) []string {
	var out []string
	cb := syscall.NewCallback(func(h windows.HWND, _ uintptr) uintptr {
		name := make([]uint16, 64)
		n, _ := windows.GetClassName(h, &name[0], int32(len(name)))
		if windows.UTF16ToString(name[:n]) == staticClass {
			if s := windowText(h); s != "" {
				out = append(out, s)
			}
		}
		return 1
	})
	windows.EnumChildWindows(box, cb, nil)
	return out
}

// A real message box opens with the title and the whole message (German,
// umlauts and line breaks included), in front of other windows, and Show
// returns once it is closed.
func TestShowOpensAMessageBox(t *testing.T) {
	title := fmt.Sprintf("%s (test %d)", For("de").Title, rand.Uint32())
	message := For("de").Message(errors.New(`open C:\Users\Jürgen\AppData\Roaming\SupportPortal\portal.db: Zugriff verweigert`))

	done := make(chan error, 1)
	go func() { done <- Show(title, message) }()

	var box windows.HWND
	deadline := time.Now().Add(boxAppearsIn)
	for box = findBox(title); box == 0; box = findBox(title) {
		select {
		case err := <-done:
			t.Fatalf("Show returned %v before a box with title %q appeared", err, title)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no message box titled %q within %s (is there a desktop? scripts/wine-test.sh runs Wine under Xvfb)", title, boxAppearsIn)
		}
		time.Sleep(10 * time.Millisecond)
	}

	if got := windowText(box); got != title {
		t.Errorf("box title %q, want %q", got, title)
	}
	texts := staticTexts(box)
	// Message boxes show "\n" as line breaks; Windows keeps the text as
	// given, Wine too, up to the line-break form.
	norm := func(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
	if len(texts) != 1 || norm(texts[0]) != message {
		t.Errorf("box text %q, want %q", texts, message)
	}
	ex, _, _ := procGetWindowLongW.Call(uintptr(box), uintptr(gwlExStyle&0xffffffff))
	switch {
	case uint32(ex)&wsExTopmost != 0:
	case underWine():
		// Wine 8 leaves WS_EX_TOPMOST off the box; real Windows (CI's
		// go-native job) checks it.
		t.Logf("Wine: box not topmost (extended style %#x); Wine 8 ignores MB_TOPMOST", ex)
	default:
		t.Errorf("box is not topmost (extended style %#x): it could open behind other windows", ex)
	}

	if r, _, err := procPostMessageW.Call(uintptr(box), wmClose, 0, 0); r == 0 {
		t.Fatalf("PostMessage WM_CLOSE: %v", err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Show: %v", err)
		}
	case <-time.After(boxClosesWithin):
		t.Fatalf("Show did not return within %s of closing the box", boxClosesWithin)
	}
	if findBox(title) != 0 {
		t.Error("the box is still there after Show returned")
	}
}

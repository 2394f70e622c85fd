package attach_test

import (
	"syscall"
	"testing"
)

// makeUnreadable opens path the way a program that locks its document
// does (Outlook, Excel: no sharing), so no one else can open it until it
// is closed; the file's permissions (chmod) would only set the read-only
// attribute on Windows, which does not stop reading.
func makeUnreadable(t *testing.T, path string) bool {
	t.Helper()
	p, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		t.Fatal(err)
	}
	h, err := syscall.CreateFile(p, syscall.GENERIC_READ|syscall.GENERIC_WRITE, 0, nil, syscall.OPEN_EXISTING, syscall.FILE_ATTRIBUTE_NORMAL, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.CloseHandle(h) })
	return true
}

//go:build !windows

package attach_test

import (
	"os"
	"testing"
)

// makeUnreadable takes away the permission to read path; false when the
// test runs as root, who reads anything.
func makeUnreadable(t *testing.T, path string) bool {
	t.Helper()
	if err := os.Chmod(path, 0); err != nil {
		t.Fatal(err)
	}
	return os.Geteuid() != 0
}

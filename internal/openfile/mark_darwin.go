//go:build darwin

package openfile

import (
	"fmt"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

const quarantine = "com.apple.quarantine"

// markFromInternet sets the quarantine attribute Gatekeeper checks before
// a downloaded file is opened.
func markFromInternet(path, _ string) error {
	v := fmt.Sprintf("0081;%08x;Support Portal;", time.Now().Unix())
	return unix.Setxattr(path, quarantine, []byte(v), 0)
}

// marked reports whether path carries the mark (for tests).
func marked(path string) (bool, error) {
	buf := make([]byte, 256)
	n, err := unix.Getxattr(path, quarantine, buf)
	if err == unix.ENOATTR {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return strings.HasPrefix(string(buf[:n]), "0081;"), nil
}

const marks = true

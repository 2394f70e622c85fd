//go:build windows

package openfile

import (
	"os"
	"strings"
)

// markFromInternet writes the Mark of the Web: the Zone.Identifier stream
// with zone 3 (Internet), which makes Office open the file in Protected
// View and SmartScreen check it.
func markFromInternet(path, origin string) error {
	var b strings.Builder
	b.WriteString("[ZoneTransfer]\r\nZoneId=3\r\n")
	if origin != "" && !strings.ContainsAny(origin, "\r\n") {
		b.WriteString("HostUrl=" + origin + "\r\n")
	}
	return os.WriteFile(path+":Zone.Identifier", []byte(b.String()), 0o600)
}

// marked reports whether path carries the mark (for tests).
func marked(path string) (bool, error) {
	b, err := os.ReadFile(path + ":Zone.Identifier")
	if os.IsNotExist(err) {
		return false, nil
	}
	return strings.Contains(string(b), "ZoneId=3"), err
}

const marks = true

//go:build !linux && !windows

package main

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// peakRSS is the process's resident memory in bytes as ps reports it. macOS
// offers no peak figure for another process without cgo, which test files
// cannot use; right after the flood the Go heap has not been returned yet,
// so the current figure is close to the peak.
func (p *serverProcess) peakRSS(t testing.TB) int64 {
	t.Helper()
	out, err := exec.Command("ps", "-o", "rss=", "-p", strconv.Itoa(p.cmd.Process.Pid)).Output()
	if err != nil {
		t.Fatal(err)
	}
	kb, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return kb << 10
}

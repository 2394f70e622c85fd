//go:build !windows

package fatalbox

// show does nothing more: Show has written the message to standard error,
// which is where a macOS or Linux start failure before the window is read
// (a terminal, the system log, a packager's test run).
func show(title, message string) error { return nil }

// Package datadir decides where the app keeps its files.
package datadir

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// EnvVar overrides the data folder, e.g. for tests or a second profile.
const EnvVar = "SUPPORTPORTAL_DATA_DIR"

// AppFolder is the folder name inside the OS user config directory.
const AppFolder = "SupportPortal"

// Resolve returns the data folder: flag value, else $SUPPORTPORTAL_DATA_DIR,
// else <user config dir>/SupportPortal (~/.config on Linux, ~/Library/
// Application Support on macOS, %AppData% on Windows). The path is absolute.
func Resolve(flagValue string) (string, error) {
	dir := flagValue
	if dir == "" {
		dir = os.Getenv(EnvVar)
	}
	if dir == "" {
		base, err := os.UserConfigDir()
		if err != nil {
			return "", fmt.Errorf("find user config folder: %w (choose a data folder with --data-dir or %s)", err, EnvVar)
		}
		dir = filepath.Join(base, AppFolder)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("data folder %q: %w", dir, err)
	}
	return abs, nil
}

// StorePath is the SQLite file inside the data folder.
func StorePath(dir string) string { return filepath.Join(dir, "portal.db") }

// Identity names the data folder for comparing it with another spelling
// of the same folder (the single-instance lock is one per folder): an
// absolute, clean path, case-folded where the file system ignores case
// (Windows, and macOS's default volumes), so C:\Users\Ann\AppData and
// c:\users\ann\appdata are one folder, as they are to NTFS.
func Identity(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	dir = filepath.Clean(dir)
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		dir = strings.ToLower(dir)
	}
	return dir
}

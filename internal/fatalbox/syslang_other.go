//go:build !windows

package fatalbox

import "os"

// SystemLanguages are the languages of the POSIX locale, best first:
// LANGUAGE's list, then the first set of LC_ALL, LC_MESSAGES and LANG
// (gettext's order). A macOS app opened from the Finder has none of them
// and gets English, like its standard error.
func SystemLanguages() []string { return systemLanguages(os.Getenv) }

package fatalbox

import "strings"

// systemLanguages reads the POSIX locale variables through getenv. The
// "C" and "POSIX" locales name no language; gettext ignores LANGUAGE then,
// and so does this.
func systemLanguages(getenv func(string) string) []string {
	var locale string
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if locale = getenv(v); locale != "" {
			break
		}
	}
	if l := primary(locale); l == "c" || l == "posix" {
		return nil
	}
	var out []string
	for _, l := range strings.Split(getenv("LANGUAGE"), ":") {
		if l != "" {
			out = append(out, l)
		}
	}
	if locale != "" {
		out = append(out, locale)
	}
	return out
}

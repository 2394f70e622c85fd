//go:build windows

package fatalbox

import "golang.org/x/sys/windows"

// SystemLanguages are the person's preferred Windows display languages,
// best first (BCP 47, "de-DE").
func SystemLanguages() []string {
	langs, err := windows.GetUserPreferredUILanguages(windows.MUI_LANGUAGE_NAME)
	if err != nil {
		return nil
	}
	return langs
}

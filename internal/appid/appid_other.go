//go:build !windows

package appid

// Setup does nothing outside Windows: macOS takes the bundle identifier
// from the bundle's Info.plist, and Linux desktops name the app by its
// desktop file.
func Setup(id, dataDir string, icon []byte) error { return nil }

// Package appid names the app to the operating systems, in one place.
//
// Windows knows a desktop app by its AppUserModelID: the taskbar groups
// windows and pinned shortcuts by it, and toast notifications are filed
// under it. The app sets it for its process at start and registers it in
// HKCU (display name and icon, the documented way for an app without a
// package: HKCU\Software\Classes\AppUserModelId\<ID>), and the installer's
// Start-menu shortcut carries it (internal/shelllink, through the app's
// shortcut-appid command). macOS knows the app by its bundle identifier.
package appid

// AppUserModelID is the app's Windows AppUserModelID. It is the installed
// executable's file name because that is the ID Wails v2.16 sends toast
// notifications under: its InitializeNotifications (internal/frontend/
// desktop/windows/notifications.go) gives go-toast filepath.Base of
// os.Executable() as the AppID, and registers it in HKCU. The installer
// (EXE_NAME, APP_USER_MODEL_ID in build/windows/installer/supportportal.nsi)
// and wails.json (outputfilename) name the same file; a test keeps them
// equal. A copy of the app renamed by hand still shows notifications,
// under its own file name.
const AppUserModelID = "supportportal.exe"

// DisplayName is what Windows shows as the sender of a notification and in
// Settings, Notifications.
const DisplayName = "Support Portal"

// BundleID is the macOS bundle identifier (build/darwin/Info.plist), under
// which macOS files the app's notifications; it shows them only for a
// signed bundle.
const BundleID = "com.supportportal.desktop"

// IconFile is the notification icon the app writes into its data folder
// for Windows to show beside its notifications (IconUri must name an image
// file).
const IconFile = "notification-icon.png"

// RegistryKey is where, under HKEY_CURRENT_USER, Windows looks up the
// display name and icon of an unpackaged app's AppUserModelID.
func RegistryKey(id string) string { return `Software\Classes\AppUserModelId\` + id }

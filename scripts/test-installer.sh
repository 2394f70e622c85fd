#!/usr/bin/env bash
# Installs the Windows installer silently under Wine in a fresh prefix and
# checks what a user gets: the app and uninstaller (both signed), the
# Start-menu shortcut with the app's AppUserModelID, the Add/Remove
# Programs entry, the supportportal:// URL scheme, install.log (the
# WebView2 check: Wine has no WebView2, so missing; then with a runtime
# registered, its version); then uninstalls silently (the data folder
# stays; the notification registration the app made and the URL scheme
# go), and again with /DELETEDATA (the data folder goes), after a reinstall
# with /SERVER= (server-url.txt next to the app).
#   scripts/test-installer.sh [SETUP.exe]   (default: builds one)
# Wine artefacts handled here: none of the checks depend on Wine's admin
# rights (Wine runs everything as one user), so RequestExecutionLevel is
# checked in the installer's manifest instead; the installer runs the app
# (shortcut-appid), and Go programs need bcryptprimitives.dll, which Wine 8
# lacks: the prefix gets the one scripts/wine-prefix.sh builds.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

fail() { echo "test-installer: FAIL: $*" >&2; exit 1; }
ok() { echo "test-installer: ok: $*"; }

VERSION=${VERSION:-0.0.0-dev}
VERSION=${VERSION#v}
setup=${1:-}
if [ -z "$setup" ]; then
  setup=$(VERSION=$VERSION scripts/windows-installer.sh | tail -n1)
fi
[ -f "$setup" ] || fail "no installer at $setup"
exe=build/bin/supportportal-windows-amd64.exe
ca=build/bin/throwaway-cert/cert.crt
[ -z "${SIGN_CA:-}" ] && [ -f "$ca" ] && export SIGN_CA=$root/$ca
echo "test-installer: $setup ($(stat -c %s "$setup") bytes)"

# Per-user, no elevation: the installer's manifest asks for none.
grep -aq 'requestedExecutionLevel level="asInvoker"' "$setup" || fail "installer manifest does not request asInvoker (per-user install)"
ok "installer runs as the invoking user (asInvoker)"

cached=$(scripts/wine-prefix.sh | sed -n 's/^WINEPREFIX=//p')
prefix=$(mktemp -d /tmp/supportportal-installer-wine.XXXXXX)
export WINEPREFIX=$prefix WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
trap 'wineserver -k 2>/dev/null || true; rm -rf "$prefix"' EXIT
wineboot -i >/dev/null 2>&1
wineserver -w
cp "$cached/drive_c/windows/system32/bcryptprimitives.dll" "$prefix/drive_c/windows/system32/"

winvar() { wine cmd /c echo "%$1%" 2>/dev/null | tr -d '\r'; }
unixpath() { winepath -u "$1" 2>/dev/null; }
localappdata=$(winvar LOCALAPPDATA)
appdata=$(winvar APPDATA)
instwin="$localappdata\\Programs\\Support Portal"
inst=$(unixpath "$instwin")
data=$(unixpath "$appdata\\SupportPortal")
startmenu=$(unixpath "$appdata\\Microsoft\\Windows\\Start Menu\\Programs")
key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\SupportPortal'

# The user's data, as the app leaves it.
mkdir -p "$data/attachments"
echo "a case the user wrote" >"$data/attachments/note.txt"
cp /dev/null "$data/portal.db"

regval() { # regval NAME [KEY] -> the value's data, "" when missing ("(Default)" for a key's default)
  wine reg query "${2:-$key}" /v "$1" 2>/dev/null | tr -d '\r' | awk -v n="$1" '$1 == n { $1 = ""; $2 = ""; sub(/^  /, ""); print }'
}
regdefault() { # regdefault KEY -> the key's default value, "" when missing
  wine reg query "$1" /ve 2>/dev/null | tr -d '\r' | awk '$1 == "(Default)" { $1 = ""; $2 = ""; sub(/^  /, ""); print }'
}
haskey() { wine reg query "$1" >/dev/null 2>&1; }

install() {
  wine "$setup" /S "$@"
  wineserver -w
}
uninstall() {
  # The uninstaller copies itself to %TEMP% and runs from there; wineserver
  # -w waits for that copy too.
  wine "$inst/uninstall.exe" /S "$@"
  wineserver -w
}

# --- install ---------------------------------------------------------------
install
[ -f "$inst/supportportal.exe" ] || fail "app not installed in $inst"
cmp -s "$inst/supportportal.exe" "$exe" || fail "installed app differs from $exe"
[ -f "$inst/uninstall.exe" ] || fail "no uninstaller"
ok "app and uninstaller in %LocalAppData%\\Programs\\Support Portal"
scripts/windows-sign.sh --verify "$inst/supportportal.exe" "$inst/uninstall.exe" "$setup" >/dev/null ||
  fail "signatures do not verify"
ok "app, uninstaller and installer are signed and verify"
[ -f "$startmenu/Support Portal.lnk" ] || fail "no Start-menu shortcut in $startmenu"
aumid=$(go run ./internal/shelllink/lnkappid "$startmenu/Support Portal.lnk")
[ "$aumid" = "supportportal.exe" ] || fail "shortcut AppUserModelID '$aumid', want supportportal.exe (internal/appid)"
ok "Start-menu shortcut with the app's AppUserModelID ($aumid)"

# install.log: what the installer did, the WebView2 check included; a
# silent install does not stop for the notice.
log=$(tr -d '\r' <"$inst/install.log")
webview2_url="https://go.microsoft.com/fwlink/p/?LinkId=2124703"
grep -qxF "Support Portal $VERSION installed in $instwin" <<<"$log" || fail "install.log: $log"
grep -qxF "Start-menu shortcut AppUserModelID supportportal.exe: set" <<<"$log" || fail "install.log does not say the shortcut got its AppUserModelID: $log"
grep -qxF "WebView2 Runtime: missing; download: $webview2_url" <<<"$log" || fail "install.log does not say WebView2 is missing (Wine has none): $log"
ok "silent install without WebView2 completes and logs it with the download link"

want() { # want NAME VALUE
  local got
  got=$(regval "$1")
  [ "$got" = "$2" ] || fail "registry $1 = '$got', want '$2'"
}
want DisplayName "Support Portal"
want DisplayVersion "$VERSION"
want Publisher "Support Portal"
want DisplayIcon "$instwin\\supportportal.exe,0"
want InstallLocation "$instwin"
want UninstallString "\"$instwin\\uninstall.exe\""
want QuietUninstallString "\"$instwin\\uninstall.exe\" /S"
want NoModify 0x1
size_kb=$(( $(regval EstimatedSize) ))
exe_kb=$(( $(stat -c %s "$exe") / 1024 ))
(( size_kb >= exe_kb && size_kb <= exe_kb + 2048 )) || fail "EstimatedSize ${size_kb} KB, app is ${exe_kb} KB"
ok "Add/Remove Programs entry (name, version $VERSION, publisher, icon, uninstall command, size ${size_kb} KB)"

# supportportal:// links (internal/applink) start the app with the link.
scheme_key='HKCU\Software\Classes\supportportal'
[ "$(regdefault "$scheme_key")" = "URL:Support Portal link" ] || fail "URL scheme: default '$(regdefault "$scheme_key")'"
wine reg query "$scheme_key" /v "URL Protocol" >/dev/null 2>&1 || fail "URL scheme has no 'URL Protocol' value"
[ "$(regdefault "$scheme_key\shell\open\command")" = "\"$instwin\\supportportal.exe\" \"%1\"" ] ||
  fail "URL scheme command '$(regdefault "$scheme_key\shell\open\command")'"
[ "$(regdefault "$scheme_key\DefaultIcon")" = "$instwin\\supportportal.exe,0" ] || fail "URL scheme icon '$(regdefault "$scheme_key\DefaultIcon")'"
grep -qxF "supportportal:// links open $instwin\\supportportal.exe" <<<"$log" || fail "install.log does not name the URL scheme: $log"
[ ! -e "$inst/server-url.txt" ] || fail "server-url.txt written without /SERVER="
ok "supportportal:// links open the app (\"$instwin\\supportportal.exe\" \"%1\"); no server-url.txt without /SERVER="

# --- uninstall, keeping the data -------------------------------------------
# What the app registers for notifications when it runs (internal/appid,
# Wails and go-toast), with this install's paths; and another app's use of
# go-toast's shared class, which must stay.
aumid_key='HKCU\Software\Classes\AppUserModelId\supportportal.exe'
wails_clsid='{6A3E2B4C-1D5F-4E7A-9B8C-0D1E2F3A4B5C}'
gotoast_clsid='{0F82E845-CB89-4039-BDBF-67CA33254C76}'
wine reg add "$aumid_key" /v DisplayName /d "Support Portal" /f >/dev/null
wine reg add "$aumid_key" /v IconUri /d "$appdata\SupportPortal\notification-icon.png" /f >/dev/null
wine reg add "$aumid_key" /v CustomActivator /d "$wails_clsid" /f >/dev/null
wine reg add "HKCU\Software\Classes\CLSID\\$wails_clsid\LocalServer32" /ve /d "\"$instwin\supportportal.exe\" %1" /f >/dev/null
wine reg add "HKCU\Software\Classes\CLSID\\$gotoast_clsid\LocalServer32" /ve /d "C:\Other\other.exe" /f >/dev/null
[ "$(regval DisplayName "$aumid_key")" = "Support Portal" ] || fail "could not seed the notification registration"
uninstall
[ ! -e "$inst" ] || fail "install folder left behind: $(ls -A "$inst")"
[ ! -e "$startmenu/Support Portal.lnk" ] || fail "shortcut left behind"
[ -z "$(regval DisplayName)" ] || fail "Add/Remove Programs entry left behind"
if [ "$(cat "$data/attachments/note.txt" 2>/dev/null)" != "a case the user wrote" ] || [ ! -f "$data/portal.db" ]; then
  fail "the data folder was not kept"
fi
ok "silent uninstall removed app, shortcut and entry, kept the data folder"
! haskey "$aumid_key" || fail "the AppUserModelID registration was left behind"
! haskey "HKCU\Software\Classes\CLSID\\$wails_clsid" || fail "the notification activation class was left behind"
[ "$(regdefault "HKCU\Software\Classes\CLSID\\$gotoast_clsid\LocalServer32")" = "C:\Other\other.exe" ] ||
  fail "another app's go-toast activation class was removed"
ok "uninstall removed the app's notification registration, kept another app's"
! haskey "$scheme_key" || fail "the supportportal:// URL scheme was left behind"
ok "uninstall removed the supportportal:// URL scheme"

# --- reinstall with WebView2 present, uninstall with /DELETEDATA ------------
wine reg add 'HKCU\Software\Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}' /v pv /d 120.0.2210.91 /f >/dev/null

install /SERVER=https://support.example.com
[ -f "$inst/supportportal.exe" ] || fail "reinstall failed"
grep -qxF "WebView2 Runtime: 120.0.2210.91" <(tr -d '\r' <"$inst/install.log") || fail "install.log with WebView2 registered: $(cat "$inst/install.log")"
ok "with WebView2 registered per user, install.log names its version"
# /SERVER=: the server this installation signs in to, in the file the app
# reads (internal/serverpreset: the first line neither empty nor a comment).
server_line=$(tr -d '\r' <"$inst/server-url.txt" | grep -v '^#' | grep -v '^$' | head -n1)
[ "$server_line" = "https://support.example.com" ] || fail "server-url.txt: $(cat "$inst/server-url.txt")"
grep -qxF "Support server: https://support.example.com (server-url.txt)" <(tr -d '\r' <"$inst/install.log") || fail "install.log does not name the server"
ok "/SERVER= writes server-url.txt next to the app"
# Another program has taken the scheme since: uninstalling leaves it.
wine reg add "$scheme_key\shell\open\command" /ve /d '"C:\Other\other.exe" "%1"' /f >/dev/null
# This time go-toast's shared class points to this app: it goes too.
wine reg add "HKCU\Software\Classes\CLSID\\$gotoast_clsid\LocalServer32" /ve /d "$instwin\supportportal.exe" /f >/dev/null
uninstall /DELETEDATA
[ ! -e "$inst" ] || fail "install folder left behind"
! haskey "HKCU\Software\Classes\CLSID\\$gotoast_clsid" || fail "go-toast's activation class pointing to the app was left behind"
[ "$(regdefault "$scheme_key\shell\open\command")" = '"C:\Other\other.exe" "%1"' ] || fail "another program's supportportal:// registration was removed"
[ ! -e "$data" ] || fail "/DELETEDATA kept the data folder"
ok "uninstall /DELETEDATA removed the data folder too"
echo "test-installer: PASS"

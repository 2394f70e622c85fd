#!/usr/bin/env bash
# Installs the Windows installer silently under Wine in a fresh prefix and
# checks what a user gets: the app and uninstaller (both signed), the
# Start-menu shortcut, the Add/Remove Programs entry; then uninstalls
# silently (the data folder stays), and again with /DELETEDATA (it goes).
#   scripts/test-installer.sh [SETUP.exe]   (default: builds one)
# Wine artefacts handled here: none of the checks depend on Wine's admin
# rights (Wine runs everything as one user), so RequestExecutionLevel is
# checked in the installer's manifest instead.
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

prefix=$(mktemp -d /tmp/supportportal-installer-wine.XXXXXX)
export WINEPREFIX=$prefix WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
trap 'wineserver -k 2>/dev/null || true; rm -rf "$prefix"' EXIT
wineboot -i >/dev/null 2>&1
wineserver -w

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

regval() { # regval NAME -> the value's data, "" when missing
  wine reg query "$key" /v "$1" 2>/dev/null | tr -d '\r' | awk -v n="$1" '$1 == n { $1 = ""; $2 = ""; sub(/^  /, ""); print }'
}

install() {
  wine "$setup" /S
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
ok "Start-menu shortcut"

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

# --- uninstall, keeping the data -------------------------------------------
uninstall
[ ! -e "$inst" ] || fail "install folder left behind: $(ls -A "$inst")"
[ ! -e "$startmenu/Support Portal.lnk" ] || fail "shortcut left behind"
[ -z "$(regval DisplayName)" ] || fail "Add/Remove Programs entry left behind"
if [ "$(cat "$data/attachments/note.txt" 2>/dev/null)" != "a case the user wrote" ] || [ ! -f "$data/portal.db" ]; then
  fail "the data folder was not kept"
fi
ok "silent uninstall removed app, shortcut and entry, kept the data folder"

# --- uninstall with /DELETEDATA ---------------------------------------------
install
[ -f "$inst/supportportal.exe" ] || fail "reinstall failed"
uninstall /DELETEDATA
[ ! -e "$inst" ] || fail "install folder left behind"
[ ! -e "$data" ] || fail "/DELETEDATA kept the data folder"
ok "uninstall /DELETEDATA removed the data folder too"
echo "test-installer: PASS"

#!/usr/bin/env bash
# Builds the signed Windows installer: the 64-bit app cross-compiled with
# mingw-w64 (icon, version and manifest resources from build/windows; the
# tags as the Makefile's WINDOWS_APP_TAGS: wv2runtime.error makes a missing
# WebView2 runtime one clear box, see main.go), signed;
# then the NSIS installer (build/windows/installer/supportportal.nsi) whose
# uninstaller and installer are signed too.
#   VERSION=1.2.3 [SERVER_URL=https://support.example.com] scripts/windows-installer.sh
# SERVER_URL is the support server built into the app (the Makefile's
# SERVER_URL; the installer's /SERVER= can set another per installation).
# Output: build/bin/supportportal-$VERSION-windows-amd64-setup.exe (the path
# is printed last). Needs the frontend built (frontend/dist), makensis,
# x86_64-w64-mingw32-gcc/windres and osslsigncode. Signing uses SIGN_PFX /
# SIGN_PASSWORD (see scripts/windows-sign.sh); without them a throwaway
# self-signed certificate is made and used, and the script says so.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

VERSION=${VERSION:-0.0.0-dev}
VERSION=${VERSION#v}
# Windows version resources take four numbers: 1.2.3-rc.1 -> 1.2.3.0.
core=${VERSION%%[-+]*}
IFS=. read -r major minor patch <<<"$core"
[[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ && "$patch" =~ ^[0-9]+$ ]] ||
  { echo "windows-installer: VERSION=$VERSION is not semantic (MAJOR.MINOR.PATCH)" >&2; exit 1; }
vi="$major.$minor.$patch.0"

for c in makensis x86_64-w64-mingw32-gcc x86_64-w64-mingw32-windres osslsigncode; do
  command -v "$c" >/dev/null || { echo "windows-installer: $c is required (scripts/deps.sh test)" >&2; exit 1; }
done
[ -f frontend/dist/index.html ] || { echo "windows-installer: build the frontend first (make frontend)" >&2; exit 1; }

out=build/bin
mkdir -p "$out"
work=$(mktemp -d)
syso=rsrc_windows_amd64.syso
trap 'rm -rf "$work" "$root/$syso"' EXIT

if [ -z "${SIGN_PFX:-}${SIGN_PFX_BASE64:-}" ]; then
  echo "windows-installer: SIGN_PFX is not set: signing with a throwaway self-signed certificate (not for release)" >&2
  eval "export $(scripts/windows-sign.sh --throwaway "$out/throwaway-cert")"
fi

# Resources: the icon Explorer and the Start menu show, the version Windows
# shows in Properties, and the manifest (DPI awareness, common controls).
sed -e 's/{{.Name}}/supportportal/' -e "s/{{.Info.ProductVersion}}/$major.$minor.$patch/" \
  build/windows/wails.exe.manifest >"$work/app.manifest"
cat >"$work/app.rc" <<EOF
#include <winver.h>
1 ICON "$root/build/windows/icon.ico"
1 24 "$work/app.manifest"
1 VERSIONINFO
FILEVERSION $major,$minor,$patch,0
PRODUCTVERSION $major,$minor,$patch,0
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "040904B0"
    BEGIN
      VALUE "CompanyName", "Support Portal"
      VALUE "FileDescription", "Support Portal"
      VALUE "FileVersion", "$VERSION"
      VALUE "InternalName", "supportportal"
      VALUE "LegalCopyright", "Copyright 2026 the Support Portal authors"
      VALUE "OriginalFilename", "supportportal.exe"
      VALUE "ProductName", "Support Portal"
      VALUE "ProductVersion", "$VERSION"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x409, 1200
  END
END
EOF
x86_64-w64-mingw32-windres -O coff -i "$work/app.rc" -o "$syso"

exe=$out/supportportal-windows-amd64.exe
CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc GOOS=windows GOARCH=amd64 \
  go build -tags "sqlite_fts5 desktop production wv2runtime.error" -trimpath \
  -ldflags "-s -w -H windowsgui -X supportportal/app.Version=$VERSION -X supportportal/app.DefaultServer=${SERVER_URL:-}" -o "$exe" .
rm -f "$syso"
scripts/windows-sign.sh "$exe"

setup=$root/$out/supportportal-$VERSION-windows-amd64-setup.exe
# makensis runs the !finalize/!uninstfinalize commands through the shell.
sign_cmd="$root/scripts/windows-sign.sh"
(cd build/windows/installer && makensis -V2 -INPUTCHARSET UTF8 \
  "-DVERSION=$VERSION" "-DVIVERSION=$vi" "-DAPP_EXE=$root/$exe" "-DOUTFILE=$setup" \
  "-DSIGN_CMD=$sign_cmd" supportportal.nsi)
scripts/windows-sign.sh --verify "$exe" "$setup"
echo "$setup"

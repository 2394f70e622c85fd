#!/usr/bin/env bash
# Runs every Go test package (app, internal, cmd) built for windows/amd64
# (mingw-w64 for cgo) under Wine, each in its own package folder through
# go test -exec. Extra arguments go to go test (e.g. -run, -v, a package).
#   scripts/wine-test.sh                     # everything
#   scripts/wine-test.sh -run TestX ./internal/attach
# What is patched for Wine and why: scripts/wine-prefix.sh.
# Tests that open windows (internal/fatalbox's message box, the app without
# WebView2) need a display: the run has its own Xvfb, so nothing appears on
# a developer's desktop and CI needs none.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${WINE_TEST_XVFB:-}" ]; then
  command -v xvfb-run >/dev/null || { echo "error: xvfb-run is missing (scripts/deps.sh test installs it)" >&2; exit 1; }
  exec env WINE_TEST_XVFB=1 xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi

eval "$(scripts/wine-prefix.sh)"
export WINEPREFIX WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="

# One persistent wineserver for the whole run, started with its output
# closed (see scripts/wine/exec.sh), and stopped at the end.
wineserver -p </dev/null >/dev/null 2>&1 || true
trap 'wineserver -k >/dev/null 2>&1 || true' EXIT
wine cmd /c exit </dev/null >/dev/null 2>&1

pkgs=()
args=()
for a in "$@"; do
  case $a in
    ./*) pkgs+=("$a") ;;
    *) args+=("$a") ;;
  esac
done
[ ${#pkgs[@]} -gt 0 ] || pkgs=(./internal/... ./app/... ./cmd/...)

# The server tests that start the real server process build it with the
# Go toolchain, which Wine does not have: build it here, the same way.
mkdir -p build/wine
CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc GOOS=windows GOARCH=amd64 \
  go build -overlay "$WINE_GO_OVERLAY" -tags sqlite_fts5 -o build/wine/supportportal-server.exe ./cmd/supportportal-server
SUPPORTPORTAL_TEST_SERVER_BIN="$(winepath -w "$PWD/build/wine/supportportal-server.exe" 2>/dev/null)"
export SUPPORTPORTAL_TEST_SERVER_BIN

# The app as it ships (-H windowsgui, Wails' wv2runtime.error WebView2
# strategy, as the Makefile and scripts/windows-installer.sh build it), for
# internal/fatalbox's test of a start without WebView2, which Wine lacks.
[ -f frontend/dist/index.html ] || { echo "error: the app embeds the frontend: build it first (make frontend)" >&2; exit 1; }
CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc GOOS=windows GOARCH=amd64 \
  go build -overlay "$WINE_GO_OVERLAY" -tags "sqlite_fts5 desktop production wv2runtime.error" -ldflags "-H windowsgui" \
  -o build/wine/supportportal.exe .
SUPPORTPORTAL_TEST_APP_BIN="$(winepath -w "$PWD/build/wine/supportportal.exe" 2>/dev/null)"
export SUPPORTPORTAL_TEST_APP_BIN

CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc GOOS=windows GOARCH=amd64 \
  go test -overlay "$WINE_GO_OVERLAY" -exec "$PWD/scripts/wine/exec.sh" \
  -tags sqlite_fts5 -count=1 "${args[@]}" "${pkgs[@]}"

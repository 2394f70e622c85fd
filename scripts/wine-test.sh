#!/usr/bin/env bash
# Runs every Go test package (app, internal, cmd) built for windows/amd64
# (mingw-w64 for cgo) under Wine, each in its own package folder through
# go test -exec. Extra arguments go to go test (e.g. -run, -v, a package).
#   scripts/wine-test.sh                     # everything
#   scripts/wine-test.sh -run TestX ./internal/attach
# What is patched for Wine and why: scripts/wine-prefix.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

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

CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc GOOS=windows GOARCH=amd64 \
  go test -overlay "$WINE_GO_OVERLAY" -exec "$PWD/scripts/wine/exec.sh" \
  -tags sqlite_fts5 -count=1 "${args[@]}" "${pkgs[@]}"

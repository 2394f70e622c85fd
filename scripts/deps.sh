#!/usr/bin/env bash
# Installs what the build and tests need and is missing: Debian/Ubuntu system
# packages (when run as root; otherwise prints the exact command), the pinned
# Wails CLI, and the frontend's npm packages. Safe to run repeatedly.
#   scripts/deps.sh build   # what building and running the app needs
#   scripts/deps.sh test    # plus Xvfb, Chromium and tools for the tests
set -euo pipefail
cd "$(dirname "$0")/.."

WAILS_VERSION=v2.16.0
what=${1:-build}

need_cmd() {
  command -v "$1" >/dev/null 2>&1 || { echo "error: $1 is required: $2" >&2; exit 1; }
}
need_cmd go "install Go 1.26 from https://go.dev/dl/"
need_cmd node "install Node.js 20.19 or newer from https://nodejs.org/"
need_cmd npm "install npm (comes with Node.js)"

if [ "$(uname -s)" = "Linux" ] && command -v dpkg >/dev/null 2>&1; then
  pkgs=(build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev)
  if [ "$what" = "test" ]; then
    pkgs+=(xvfb xauth imagemagick xdotool dbus-daemon chromium fonts-dejavu-core procps sqlite3 gcc-mingw-w64-x86-64 nsis osslsigncode openssl wine wine64 shellcheck)
  fi
  missing=()
  for p in "${pkgs[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      echo "==> installing system packages: ${missing[*]}"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      echo "Missing system packages. Run:" >&2
      echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
  fi
fi

GOBIN_DIR=$(go env GOPATH)/bin
if ! "$GOBIN_DIR/wails" version 2>/dev/null | grep -q "${WAILS_VERSION}"; then
  echo "==> installing Wails CLI ${WAILS_VERSION}"
  go install "github.com/wailsapp/wails/v2/cmd/wails@${WAILS_VERSION}"
fi

# npm ci only when the lock file changed since the last install.
stamp=frontend/node_modules/.package-lock.stamp
if [ ! -f "$stamp" ] || ! cmp -s frontend/package-lock.json "$stamp"; then
  echo "==> installing frontend packages (npm ci)"
  (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
  cp frontend/package-lock.json "$stamp"
fi

go mod download

#!/usr/bin/env bash
# Prepares what running the Windows build of the Go tests under Wine needs,
# cached between runs, and prints the two paths as shell assignments:
#   WINEPREFIX=<a Wine prefix with bcryptprimitives.dll>
#   WINE_GO_OVERLAY=<a go build -overlay file>
# Both work around Wine 8 (Debian 12), not differences of real Windows:
#  - Go 1.26 programs take random bytes from bcryptprimitives.dll's
#    ProcessPrng, which Wine 8 lacks: scripts/wine/bcryptprimitives.c
#    (built with mingw-w64) provides it through RtlGenRandom.
#  - Go 1.26's os.Remove asks NtSetInformationFile for
#    FileDispositionInformationEx (POSIX delete); Wine 8 answers with a
#    status Go does not expect ("Invalid function") instead of
#    STATUS_INVALID_INFO_CLASS, so every removal, t.TempDir's clean-up
#    included, fails. The overlay is a copy of the toolchain's
#    internal/syscall/windows/at_windows.go that also falls back to the
#    classic delete (FileDispositionInformation, as on Windows before 10
#    1607) on those statuses; it is used only for the Wine run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

command -v wine >/dev/null || { echo "error: wine is missing (scripts/deps.sh test installs it)" >&2; exit 1; }
command -v x86_64-w64-mingw32-gcc >/dev/null || { echo "error: x86_64-w64-mingw32-gcc is missing (scripts/deps.sh test installs it)" >&2; exit 1; }

goroot=$(go env GOROOT)
src=$goroot/src/internal/syscall/windows/at_windows.go
key=$( (wine --version 2>/dev/null; go version; cat "$here/wine/bcryptprimitives.c" "$src" "$0") | sha256sum | cut -c1-16)
base=${WINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/supportportal-wine}
dir=$base/$key
export WINEPREFIX=$dir/prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="

if [ ! -f "$dir/ready" ]; then
  # Older versions of this cache (another Wine, Go or DLL) go.
  for old in "$base"/*; do
    if [[ $(basename "$old") =~ ^[0-9a-f]{16}$ ]]; then rm -rf "$old"; fi
  done
  mkdir -p "$dir/overlay"
  echo "==> creating the Wine prefix in $dir (once)" >&2
  x86_64-w64-mingw32-gcc -shared -O2 -o "$dir/bcryptprimitives.dll" "$here/wine/bcryptprimitives.c" -ladvapi32
  wineboot -i </dev/null >/dev/null 2>&1
  wineserver -w
  cp "$dir/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"

  patched=$dir/overlay/at_windows.go
  old=$'\t\tSTATUS_NOT_SUPPORTED:     // the file system doesn\'t support FILE_DISPOSITION_INFORMATION_EX or one of the flags'
  new=$'\t\tSTATUS_NOT_SUPPORTED, // the file system doesn\'t support FILE_DISPOSITION_INFORMATION_EX or one of the flags\n\t\tNTStatus(0xC0000002), // STATUS_NOT_IMPLEMENTED: Wine 8 (scripts/wine-prefix.sh)\n\t\tNTStatus(0xC0000010): // STATUS_INVALID_DEVICE_REQUEST: Wine 8 (scripts/wine-prefix.sh)'
  grep -qF "$old" "$src" || { echo "error: $src changed; update the Wine patch in $0" >&2; exit 1; }
  OLD=$old NEW=$new perl -0pe 's/\Q$ENV{OLD}\E/$ENV{NEW}/' "$src" >"$patched"
  printf '{"Replace":{"%s":"%s"}}\n' "$src" "$patched" >"$dir/overlay.json"
  touch "$dir/ready"
fi
echo "WINEPREFIX=$WINEPREFIX"
echo "WINE_GO_OVERLAY=$dir/overlay.json"

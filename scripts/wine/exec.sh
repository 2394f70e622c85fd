#!/usr/bin/env bash
# go test -exec runner for the Windows test binaries: go test starts it in
# the package's folder with the binary and its flags, and it runs them
# under Wine there (scripts/wine-test.sh sets WINEPREFIX). The wineserver
# must already run (wine-test.sh starts a persistent one with its output
# closed): one started from here would inherit go test's output pipes and
# keep them open after the test binary exits, so go test would wait forever.
set -euo pipefail
: "${WINEPREFIX:?run through scripts/wine-test.sh}"
exec wine "$@"

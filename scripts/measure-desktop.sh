#!/usr/bin/env bash
# Measures the production binary: size, cold start to first rendered screen
# (median of 5 runs, each with a fresh data folder, under Xvfb), and the
# memory of the running app (RSS of the app and its WebKit processes).
# Usage: scripts/measure-desktop.sh   (after make build; needs xvfb-run)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin/supportportal
[ -x "$bin" ] || { echo "build first: make build" >&2; exit 1; }

if [ -z "${DISPLAY:-}" ]; then
  exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi

echo "binary size: $(du -m "$bin" | cut -f1) MB ($(stat -c %s "$bin") bytes)"
times=()
for i in 1 2 3 4 5; do
  dir=$(mktemp -d)
  log=$(mktemp)
  SUPPORTPORTAL_DATA_DIR=$dir "$bin" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do
    grep -q 'first screen rendered' "$log" && break
    sleep 0.1
  done
  ms=$(sed -n 's/.*first screen rendered" ms=\([0-9]*\).*/\1/p' "$log")
  times+=("$ms")
  if [ "$i" = 5 ]; then
    sleep 3
    # The app and every process it started (WebKit's web and network processes).
    pids="$pid $( (pgrep -P "$pid" || true) | tr "\n" " ")"
    for p in $(pgrep -P "$pid"); do pids="$pids $( (pgrep -P "$p" || true) | tr "\n" " ")"; done
    rss=$(ps -o rss= -p "$(echo $pids | tr ' ' ',')" | awk '{s+=$1} END {print int(s/1024)}')
    own=$(ps -o rss= -p "$pid" | awk '{print int($1/1024)}')
    echo "memory after start: ${rss} MB RSS in total (app process ${own} MB, the rest WebKit)"
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir" "$log"
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
echo "cold start to first rendered screen: median ${median} ms (runs: ${sorted})"

#!/usr/bin/env bash
# Runs the given make targets (the layers of `make test`) one after another,
# each with its output in build/test-logs/<layer>.log as well as on screen,
# and ends with a one-screen summary: each layer's result, how many tests
# passed, failed and were skipped, and the time it took. A failing layer
# does not stop the others; the exit status is 1 if any failed.
#   scripts/test-all.sh lint test-go test-frontend
set -uo pipefail
cd "$(dirname "$0")/.."

logs=build/test-logs
mkdir -p "$logs"
make_cmd=${MAKE:-make}

# counts LOG prints "passed failed skipped" read off the runners' own
# summaries: gotestsum's DONE line, Vitest's Tests line, node --test's
# totals, the installer test's ok lines; "-" where a layer has no count.
counts() {
  local log=$1 p=- f=- s=-
  # Colour codes would hide the numbers from the patterns below.
  local plain
  plain=$(sed 's/\x1b\[[0-9;]*m//g' "$log")
  if grep -q '^DONE [0-9,]* tests' <<<"$plain"; then
    p=0 f=0 s=0
    while read -r line; do
      local t sk fl
      t=$(sed -E 's/^DONE ([0-9,]+) tests.*/\1/' <<<"$line" | tr -d ,)
      sk=$(grep -oE '[0-9,]+ skipped' <<<"$line" | grep -oE '^[0-9,]+' | tr -d , || true)
      fl=$(grep -oE '[0-9,]+ failures?' <<<"$line" | grep -oE '^[0-9,]+' | tr -d , || true)
      p=$((p + t - ${sk:-0} - ${fl:-0})) s=$((s + ${sk:-0})) f=$((f + ${fl:-0}))
    done < <(grep '^DONE [0-9,]* tests' <<<"$plain")
  fi
  if grep -qE '^ +Tests +[0-9]' <<<"$plain"; then
    local line
    line=$(grep -E '^ +Tests +[0-9]' <<<"$plain" | tail -1)
    p=$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '^[0-9]+' || echo 0)
    f=$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '^[0-9]+' || echo 0)
    s=$(grep -oE '[0-9]+ skipped' <<<"$line" | grep -oE '^[0-9]+' || echo 0)
  fi
  if grep -qE '^(ℹ|#) pass [0-9]+' <<<"$plain"; then
    p=0 f=0 s=0
    local n
    for n in $(grep -oE '^(ℹ|#) pass [0-9]+' <<<"$plain" | awk '{print $3}'); do p=$((p + n)); done
    for n in $(grep -oE '^(ℹ|#) fail [0-9]+' <<<"$plain" | awk '{print $3}'); do f=$((f + n)); done
    for n in $(grep -oE '^(ℹ|#) skipped [0-9]+' <<<"$plain" | awk '{print $3}'); do s=$((s + n)); done
  fi
  if grep -q '^test-installer: ' <<<"$plain"; then
    p=$(grep -c '^test-installer: ok:' <<<"$plain" || true)
    f=$(grep -c '^test-installer: FAIL' <<<"$plain" || true) s=0
  fi
  echo "$p $f $s"
}

declare -a names results secs
total_start=$SECONDS
failed=0
for layer in "$@"; do
  echo
  echo "=== $layer"
  start=$SECONDS
  "$make_cmd" --no-print-directory "$layer" 2>&1 | tee "$logs/$layer.log"
  rc=${PIPESTATUS[0]}
  names+=("$layer")
  secs+=($((SECONDS - start)))
  if [ "$rc" -eq 0 ]; then results+=(ok); else results+=(FAILED); failed=1; fi
done

fmt() { printf '%d:%02d' $(($1 / 60)) $(($1 % 60)); }
echo
echo "=== make test summary (logs in $logs/)"
printf '%-20s %-7s %7s %7s %8s %7s\n' layer result passed failed skipped time
for i in "${!names[@]}"; do
  read -r p f s < <(counts "$logs/${names[$i]}.log")
  printf '%-20s %-7s %7s %7s %8s %7s\n' "${names[$i]}" "${results[$i]}" "$p" "$f" "$s" "$(fmt "${secs[$i]}")"
done
printf '%-20s %-7s %7s %7s %8s %7s\n' total "$([ $failed -eq 0 ] && echo ok || echo FAILED)" "" "" "" "$(fmt $((SECONDS - total_start)))"
exit $failed

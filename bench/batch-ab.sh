#!/usr/bin/env bash
# A/B of two builds' batch runs, alternating: `bench/batch-ab.sh <checkout A> <checkout B> <claims.ndjson>
# [rounds] [workers…]` (defaults: 3 rounds, workers 1 and 2). Each round runs, for each worker count,
# A then B (B then A in odd rounds) with `edict adjudicate --rules rules/demo-ppo --workers N` on the
# same input, timed by /usr/bin/time (wall, user, sys, peak RSS), with the load average before each
# run; every output and --summary-json must be byte-identical (cmp) to the first run's. A checkout
# is a folder with a built bin/edict.js (dist/), e.g. a worktree after `npx tsup`.
set -euo pipefail
A=$1 B=$2 INPUT=$3 ROUNDS=${4:-3}
shift $(($# < 4 ? $# : 4))
WORKERS=("$@")
[ ${#WORKERS[@]} -eq 0 ] && WORKERS=(1 2)
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
echo "round workers build wall_s user_s sys_s cpu_s maxrss_kb load1"
for ((r = 0; r < ROUNDS; r++)); do
  for w in "${WORKERS[@]}"; do
    if ((r % 2 == 0)); then order=("$A" "$B"); else order=("$B" "$A"); fi
    for build in "${order[@]}"; do
      name=$([ "$build" = "$A" ] && echo A || echo B)
      load=$(cut -d' ' -f1 /proc/loadavg)
      t=$( { /usr/bin/time -f "%e %U %S %M" node "$build/bin/edict.js" adjudicate --rules rules/demo-ppo --workers "$w" \
        --output "$OUT/out.ndjson" --summary-json "$OUT/summary.json" "$INPUT" >/dev/null; } 2>&1 | tail -1)
      read -r wall user sys rss <<<"$t"
      if [ ! -f "$OUT/first.ndjson" ]; then
        mv "$OUT/out.ndjson" "$OUT/first.ndjson"
        mv "$OUT/summary.json" "$OUT/first.json"
      else
        cmp -s "$OUT/out.ndjson" "$OUT/first.ndjson" || { echo "round $r, $name, $w workers: the output differs" >&2; exit 1; }
        cmp -s "$OUT/summary.json" "$OUT/first.json" || { echo "round $r, $name, $w workers: the summary differs" >&2; exit 1; }
      fi
      echo "$r $w $name $wall $user $sys $(echo "$user + $sys" | bc) $rss $load"
    done
  done
done
echo "all outputs and summaries byte-identical"

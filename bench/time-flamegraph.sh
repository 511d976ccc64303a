#!/usr/bin/env bash
# `heapwise flamegraph` on the large synthetic profile (the one bench/compare-top.sh generates): wall time
# and peak RSS of the whole process, interleaved with `heapwise top` on the same file for reference (the
# cost of reading and merging that both pay). go tool pprof writes no flame graph file (its flame graph is
# a page of `-http`), so it is not part of this run; compare-top.sh gives its -top figures.
# Knobs (environment): RUNS=5 SAMPLES=1000000 FUNCTIONS=50000 LOCATIONS=100000 SEED=1 NO_BUILD=1 HEAPWISE=path.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/bench/lib/common.sh"
cd "$root"

runs=${RUNS:-5}
profile="bench/out/synthetic-s${SAMPLES:-1000000}-f${FUNCTIONS:-50000}-l${LOCATIONS:-100000}-seed${SEED:-1}.pb.gz"
[[ -s $profile ]] || { echo "time-flamegraph: $profile is missing; run bench/compare-top.sh once to generate it" >&2; exit 1; }
if [[ -z "${NO_BUILD:-}" ]]; then
  release_build src/Heapwise.Cli
fi
heapwise=${HEAPWISE:-src/Heapwise.Cli/bin/Release/net10.0/Heapwise.Cli}

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$heapwise" flamegraph -o "$scratch/warm.html" "$profile" 2> /dev/null # warm the page cache
for ((i = 1; i <= runs; i++)); do
  /usr/bin/time -v -o "$scratch/time" "$heapwise" flamegraph -o "$scratch/page.html" "$profile" 2> "$scratch/err" > /dev/null
  wall_seconds "$scratch/time" >> "$scratch/flame-wall"; peak_rss_mb "$scratch/time" >> "$scratch/flame-rss"
  /usr/bin/time -v -o "$scratch/time" "$heapwise" top "$profile" > /dev/null 2>&1
  wall_seconds "$scratch/time" >> "$scratch/top-wall"; peak_rss_mb "$scratch/time" >> "$scratch/top-rss"
  echo "run $i/$runs flamegraph: $(tail -1 "$scratch/flame-wall") s, $(tail -1 "$scratch/flame-rss") MB; top: $(tail -1 "$scratch/top-wall") s" >&2
done

echo "### \`heapwise flamegraph\` on $(basename "$profile")"
echo
echo "| Command | Wall time, s: median (min–max) | Peak RSS, MB: median (min–max) |"
echo "| --- | --- | --- |"
echo "| \`heapwise flamegraph FILE\` | $(fmt_stats "$(median_min_max "$scratch/flame-wall")" 2) | $(fmt_stats "$(median_min_max "$scratch/flame-rss")" 0) |"
echo "| \`heapwise top FILE\` (reference: reading and merging) | $(fmt_stats "$(median_min_max "$scratch/top-wall")" 2) | $(fmt_stats "$(median_min_max "$scratch/top-rss")" 0) |"
echo
echo "$runs interleaved runs each after one warm-up, whole process under \`/usr/bin/time -v\`. Page: $(tail -1 "$scratch/err" | sed 's/^heapwise: //')"
echo
machine_markdown

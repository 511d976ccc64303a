#!/usr/bin/env bash
# `heapwise benchstat` against golang.org/x/perf's benchstat on the same inputs: wall time and peak RSS of
# each whole process, runs interleaved (H B H B ...). Two input pairs: the committed -count 10 fixture
# (tests/Heapwise.Tests/Fixtures/benchstat/old.txt, new.txt: 5 benchmarks, 4 metrics) and a generated
# large pair (BENCHMARKS benchmarks x 10 runs x 3 metrics per file, deterministic). Prints a Markdown
# section for docs/performance.md; also checks that both tools print the same text on both pairs.
# Needs BENCHSTAT=/path/to/benchstat (build it as tests/Heapwise.Tests/Fixtures/benchstat/make-fixtures.sh says).
# Knobs: RUNS=5 BENCHMARKS=2000 NO_BUILD=1.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/bench/lib/common.sh"
cd "$root"

runs=${RUNS:-5}
benchmarks=${BENCHMARKS:-2000}
benchstat=${BENCHSTAT:?set BENCHSTAT to the golang.org/x/perf benchstat binary}
out=bench/out
mkdir -p "$out"
[[ -z "${NO_BUILD:-}" ]] && release_build src/Heapwise.Cli
heapwise=src/Heapwise.Cli/bin/Release/net10.0/Heapwise.Cli

# The large pair: a slower and a faster variant of each benchmark, with noise from awk's seeded generator.
for variant in old new; do
  file="$out/benchstat-$variant-$benchmarks.txt"
  [[ -s $file ]] && continue
  awk -v n="$benchmarks" -v v="$variant" 'BEGIN {
    srand(v == "old" ? 1 : 2); print "goos: linux"; print "goarch: amd64"; print "pkg: example.com/large"
    for (r = 0; r < 10; r++) for (b = 0; b < n; b++) {
      base = 100 + (b * 37) % 5000; if (v == "new" && b % 3 == 0) base *= 0.9
      printf "BenchmarkCase%d/size=%d-8 \t 100000 \t %.1f ns/op \t %d B/op \t %d allocs/op\n", b, b % 64, base * (1 + rand() * 0.05), 64 * (b % 7), b % 7 }
  }' > "$file"
done

small=(tests/Heapwise.Tests/Fixtures/benchstat/old.txt tests/Heapwise.Tests/Fixtures/benchstat/new.txt)
large=("$out/benchstat-old-$benchmarks.txt" "$out/benchstat-new-$benchmarks.txt")
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

measure() { # measure NAME INPUTS...
  local name=$1; shift
  "$heapwise" benchstat "$@" > "$scratch/$name-h.txt"; "$benchstat" "$@" > "$scratch/$name-b.txt"
  cmp -s "$scratch/$name-h.txt" "$scratch/$name-b.txt" && same=identical || same=DIFFERENT
  echo "$name: outputs $same" >&2
  eval "${name}_same=$same"
  for ((i = 1; i <= runs; i++)); do
    for tool in heapwise benchstat; do
      if [[ $tool == heapwise ]]; then cmd=("$heapwise" benchstat "$@"); else cmd=("$benchstat" "$@"); fi
      # Wall time from the clock in ns (time -v's 10 ms resolution is too coarse for the small pair).
      start=$(date +%s%N)
      /usr/bin/time -v -o "$scratch/time" "${cmd[@]}" > /dev/null
      echo "$(( $(date +%s%N) - start ))" | awk '{ print $1 / 1e9 }' >> "$scratch/$name-$tool.wall"
      peak_rss_mb "$scratch/time" >> "$scratch/$name-$tool.rss"
    done
  done
}
measure small "${small[@]}"
measure large "${large[@]}"

row() { # row NAME LABEL
  local hw bw hr br
  hw=$(median_min_max "$scratch/$1-heapwise.wall"); bw=$(median_min_max "$scratch/$1-benchstat.wall")
  hr=$(median_min_max "$scratch/$1-heapwise.rss"); br=$(median_min_max "$scratch/$1-benchstat.rss")
  echo "| $2 | $(fmt_stats "$hw" 3) | $(fmt_stats "$bw" 3) | $(ratio "${hw%% *}" "${bw%% *}")× | $(fmt_stats "$hr" 0) | $(fmt_stats "$br" 0) |"
}
cat <<MD
### \`heapwise benchstat\` vs golang.org/x/perf \`benchstat\`

| Inputs | heapwise, s | benchstat, s | ratio | heapwise RSS, MB | benchstat RSS, MB |
| --- | --- | --- | --- | --- | --- |
$(row small "fixture old.txt new.txt (5 benchmarks × 10 runs; text output $small_same)")
$(row large "generated, $benchmarks benchmarks × 10 runs × 3 metrics per file (text output $large_same)")

Median (min–max) of $runs interleaved runs of each whole process (wall clock; peak RSS from \`/usr/bin/time -v\`).

- Heapwise: \`$heapwise benchstat OLD NEW\` (Release)
- benchstat: \`$benchstat OLD NEW\` (golang.org/x/perf 884df58 + 8f5f3ab, built with $(go version | cut -d' ' -f3))
- Reproduce: \`BENCHSTAT=$benchstat RUNS=$runs BENCHMARKS=$benchmarks bench/compare-benchstat.sh\`
$(machine_markdown)
MD

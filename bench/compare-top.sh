#!/usr/bin/env bash
# `heapwise top` against `go tool pprof -top` on the same large synthetic profile (1,000,000 samples,
# 50,000 functions, 100,000 locations by default): wall time and peak RSS of each whole process,
# runs interleaved (H P H P ...) so drift on a shared machine hits both alike. Prints a Markdown
# section for docs/performance.md. Knobs (environment): RUNS=5 SAMPLES=1000000 FUNCTIONS=50000
# LOCATIONS=100000 SEED=1 NO_BUILD=1 (reuse existing Release builds).
# HEAPWISE=path runs another heapwise build (e.g. an installed tool) instead of the Release apphost.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/bench/lib/common.sh"
cd "$root"

runs=${RUNS:-5}
samples=${SAMPLES:-1000000}
functions=${FUNCTIONS:-50000}
locations=${LOCATIONS:-100000}
seed=${SEED:-1}
out=bench/out
mkdir -p "$out"

for tool in go /usr/bin/time; do
  command -v "$tool" > /dev/null || { echo "compare-top: '$tool' is required (apt-get install golang-go time)" >&2; exit 1; }
done

if [[ -z "${NO_BUILD:-}" ]]; then
  release_build src/Heapwise.Cli bench/ProfileGenerator
fi
heapwise=${HEAPWISE:-src/Heapwise.Cli/bin/Release/net10.0/Heapwise.Cli}
generator=bench/ProfileGenerator/bin/Release/net10.0/Heapwise.ProfileGenerator
[[ -x $heapwise ]] || { echo "compare-top: $heapwise is missing; build it or drop NO_BUILD" >&2; exit 1; }

# The profile is generated once per parameter set and kept: generating it is not what is measured.
profile="$out/synthetic-s${samples}-f${functions}-l${locations}-seed${seed}.pb.gz"
generate_cmd="$generator -o $profile --samples $samples --functions $functions --locations $locations --seed $seed"
if [[ ! -s $profile ]]; then
  echo "generating $profile" >&2
  $generate_cmd
fi

heapwise_cmd=("$heapwise" top "$profile")
pprof_cmd=(go tool pprof -top "$profile")

# One untimed run each: warms the page cache and, for go, its tool cache; also fails early if a tool
# cannot read the file, rather than after minutes of timing.
for cmd in heapwise pprof; do
  declare -n argv="${cmd}_cmd"
  if ! "${argv[@]}" > "$out/top-$cmd.txt" 2> "$out/top-$cmd.err"; then
    echo "compare-top: '${argv[*]}' failed:" >&2
    cat "$out/top-$cmd.err" >&2
    exit 1
  fi
  unset -n argv
done

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for ((i = 1; i <= runs; i++)); do
  for cmd in heapwise pprof; do
    declare -n argv="${cmd}_cmd"
    /usr/bin/time -v -o "$scratch/time" "${argv[@]}" > /dev/null 2> "$scratch/err" || { cat "$scratch/err" >&2; exit 1; }
    unset -n argv
    wall_seconds "$scratch/time" >> "$scratch/$cmd.wall"
    peak_rss_mb "$scratch/time" >> "$scratch/$cmd.rss"
    echo "run $i/$runs $cmd: $(tail -1 "$scratch/$cmd.wall") s, $(tail -1 "$scratch/$cmd.rss") MB" >&2
  done
done

hw=$(median_min_max "$scratch/heapwise.wall"); hr=$(median_min_max "$scratch/heapwise.rss")
pw=$(median_min_max "$scratch/pprof.wall"); pr=$(median_min_max "$scratch/pprof.rss")
cat <<MD
### \`heapwise top\` vs \`go tool pprof -top\`, $samples samples

| Command | Wall time, s: median (min–max) | Peak RSS, MB: median (min–max) |
| --- | --- | --- |
| \`heapwise top FILE\` | $(fmt_stats "$hw" 2) | $(fmt_stats "$hr" 0) |
| \`go tool pprof -top FILE\` | $(fmt_stats "$pw" 2) | $(fmt_stats "$pr" 0) |
| Heapwise / pprof (medians) | $(ratio "${hw%% *}" "${pw%% *}")× | $(ratio "${hr%% *}" "${pr%% *}")× |

$runs interleaved runs of each (one untimed warm-up each first), whole process under \`/usr/bin/time -v\`
(wall clock; maximum resident set size). FILE: \`$profile\`, $(awk -v b="$(stat -c %s "$profile")" 'BEGIN { printf "%.1f", b / 1e6 }') MB gzip.

- Profile: \`$generate_cmd\`
- Heapwise: \`${heapwise_cmd[*]}\`${HEAPWISE:+ (HEAPWISE override)}
- pprof: \`${pprof_cmd[*]}\`
- Reproduce: \`RUNS=$runs SAMPLES=$samples FUNCTIONS=$functions LOCATIONS=$locations SEED=$seed bench/compare-top.sh\`
$(machine_markdown)
MD

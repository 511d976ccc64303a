#!/usr/bin/env bash
# Overhead of `heapwise run` on an allocation-heavy program: the churn workload (GB=2 gigabytes in a
# mix of small, medium and large objects), alone and under `heapwise run`, runs interleaved
# (A B A B ...). The figure is the workload's own elapsed time, printed by itself as
# `elapsed_ms=...`, so process startup and Heapwise's post-processing are excluded; whole-process
# wall time is reported beside it. Prints a Markdown section for docs/performance.md.
# Knobs (environment): RUNS=10 GB=2 NO_BUILD=1 (reuse existing Release builds).
# HEAPWISE=path runs another heapwise build (e.g. an installed tool) instead of the Release apphost.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/bench/lib/common.sh"
cd "$root"

runs=${RUNS:-10}
gb=${GB:-2}
out=bench/out
mkdir -p "$out"

if [[ -z "${NO_BUILD:-}" ]]; then
  release_build src/Heapwise.Cli samples/Heapwise.Samples.App
fi
heapwise=${HEAPWISE:-src/Heapwise.Cli/bin/Release/net10.0/Heapwise.Cli}
app=samples/Heapwise.Samples.App/bin/Release/net10.0/Heapwise.Samples.App.dll
for f in "$heapwise" "$app"; do
  [[ -e $f ]] || { echo "run-overhead: $f is missing; build it or drop NO_BUILD" >&2; exit 1; }
done

profile="$out/overhead-churn.pb.gz"
plain_cmd=(dotnet "$app" churn --gigabytes "$gb")
profiled_cmd=("$heapwise" run -o "$profile" -- dotnet "$app" churn --gigabytes "$gb")

rm -f "$profile" # so the check below cannot pass on a stale file
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# run NAME: one timed run; appends the workload's elapsed ms and the process's wall seconds.
run() {
  local name=$1
  declare -n argv="${name}_cmd"
  if ! /usr/bin/time -f '%e' -o "$scratch/wall" "${argv[@]}" > "$scratch/stdout" 2> "$scratch/stderr"; then
    echo "run-overhead: '${argv[*]}' failed:" >&2
    cat "$scratch/stdout" "$scratch/stderr" >&2
    exit 1
  fi
  # heapwise run prints its own report after the program's output, so search rather than take the last line.
  local ms
  ms=$(sed -n 's/^elapsed_ms=//p' "$scratch/stdout" | tail -1)
  [[ -n $ms ]] || { echo "run-overhead: no elapsed_ms= line from '${argv[*]}'" >&2; cat "$scratch/stdout" >&2; exit 1; }
  echo "$ms" >> "$scratch/$name.ms"
  tail -1 "$scratch/wall" >> "$scratch/$name.wall"
  local label="run $i/$runs"
  ((i > 0)) || label=warm-up
  echo "$label $name: workload $ms ms, process $(tail -1 "$scratch/wall") s" >&2
}

# One untimed run each first, not counted: warms the page cache and the first profile write.
i=0
run plain; run profiled
rm -f "$scratch"/*.ms "$scratch"/*.wall
for ((i = 1; i <= runs; i++)); do
  run plain
  run profiled
done
cp "$scratch/stdout" "$out/overhead-last-profiled.txt"
[[ -s $profile ]] || echo "run-overhead: warning: (b) wrote no profile at $profile; is that heapwise run working?" >&2

pm=$(median_min_max "$scratch/plain.ms"); qm=$(median_min_max "$scratch/profiled.ms")
pw=$(median_min_max "$scratch/plain.wall"); qw=$(median_min_max "$scratch/profiled.wall")
# Per-pair ratios show the spread of the overhead itself, not just of each side.
paste "$scratch/profiled.ms" "$scratch/plain.ms" | awk '{ print $1 / $2 }' > "$scratch/pair.ratio"
pr=$(median_min_max "$scratch/pair.ratio")
cat <<MD
### \`heapwise run\` overhead, churn workload ($gb GB allocated)

| Variant | Workload time, ms: median (min–max) | Process wall time, s: median (min–max) |
| --- | --- | --- |
| (a) plain | $(fmt_stats "$pm" 0) | $(fmt_stats "$pw" 2) |
| (b) under \`heapwise run\` | $(fmt_stats "$qm" 0) | $(fmt_stats "$qw" 2) |
| b / a | $(ratio "${qm%% *}" "${pm%% *}" 3)× (pairwise $(fmt_stats "$pr" 3)) | $(ratio "${qw%% *}" "${pw%% *}" 3)× |

$runs interleaved runs of each after one untimed warm-up each. Workload time is measured by the workload
itself (\`elapsed_ms=\`, Stopwatch around the allocation loop), so it excludes process startup and
Heapwise's work after the program exits; process wall time (\`/usr/bin/time\`) includes both.

- (a) \`${plain_cmd[*]}\`
- (b) \`${profiled_cmd[*]}\`${HEAPWISE:+ (HEAPWISE override)}
- Reproduce: \`RUNS=$runs GB=$gb bench/run-overhead.sh\`
$(machine_markdown)
MD

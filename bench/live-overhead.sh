#!/usr/bin/env bash
# Overhead of live heap tracking: the churn workload (GB=2 gigabytes in small, medium and large objects, a window
# of them kept alive so GCs have survivors to report and move) under `heapwise run` and under `heapwise run --live`,
# interleaved (A B A B ...), with the plain program as a reference in the same rounds. The figure is the workload's
# own elapsed time (`elapsed_ms=...`), so startup and Heapwise's work after the program exits are excluded.
# Also reports the trace volume of --live: allocation samples and surviving/moved ranges per second, read from
# Heapwise's notes. A fourth variant adds --live-every 1s (a live profile written every second while recording).
# Prints a Markdown section for docs/performance.md.
# Knobs (environment): RUNS=5 GB=2 NO_BUILD=1 (reuse existing Release builds).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/bench/lib/common.sh"
cd "$root"

runs=${RUNS:-5}
gb=${GB:-2}
out=bench/out
mkdir -p "$out"

if [[ -z "${NO_BUILD:-}" ]]; then
  release_build src/Heapwise.Cli samples/Heapwise.Samples.App
fi
heapwise=src/Heapwise.Cli/bin/Release/net10.0/Heapwise.Cli
app=samples/Heapwise.Samples.App/bin/Release/net10.0/Heapwise.Samples.App.dll
for f in "$heapwise" "$app"; do
  [[ -e $f ]] || { echo "live-overhead: $f is missing; build it or drop NO_BUILD" >&2; exit 1; }
done

plain_cmd=(dotnet "$app" churn --gigabytes "$gb")
run_cmd=("$heapwise" run -o "$out/live-overhead-run.pb.gz" -- dotnet "$app" churn --gigabytes "$gb")
live_cmd=("$heapwise" run --live -o "$out/live-overhead-live.pb.gz" -- dotnet "$app" churn --gigabytes "$gb")
every_cmd=("$heapwise" run --live --live-every 1s -o "$out/live-overhead-every.pb.gz" -- dotnet "$app" churn --gigabytes "$gb")
rm -f "$out"/live-overhead-*.pb.gz
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# one NAME: one timed run; appends the workload's elapsed ms (and, for live, the trace volume per second).
one() {
  local name=$1
  declare -n argv="${name}_cmd"
  if ! "${argv[@]}" > "$scratch/stdout" 2> "$scratch/stderr"; then
    echo "live-overhead: '${argv[*]}' failed:" >&2
    cat "$scratch/stdout" "$scratch/stderr" >&2
    exit 1
  fi
  local ms
  ms=$(sed -n 's/^elapsed_ms=//p' "$scratch/stdout" | tail -1)
  [[ -n $ms ]] || { echo "live-overhead: no elapsed_ms= line from '${argv[*]}'" >&2; exit 1; }
  echo "$ms" >> "$scratch/$name.ms"
  if [[ $name == live ]]; then
    # "wrote F (7,707 samples over 2.541s)" and "followed through 19,231 surviving and 17,634 moved ranges".
    local samples seconds ranges
    samples=$(sed -n 's/^heapwise: wrote .* (\([0-9,]*\) samples over .*/\1/p' "$scratch/stderr" | head -1 | tr -d ,)
    seconds=$(sed -n 's/^heapwise: wrote .* samples over \([0-9.]*\)\(m\?s\)).*/\1 \2/p' "$scratch/stderr" | head -1 | awk '{ print ($2 == "ms") ? $1 / 1000 : $1 }')
    ranges=$(sed -n 's/.*followed through \([0-9,]*\) surviving and \([0-9,]*\) moved ranges.*/\1 \2/p' "$scratch/stderr" | tr -d , | awk '{ print $1 + $2 }')
    [[ -n $samples && -n $seconds && -n $ranges ]] || { echo "live-overhead: no trace figures in the notes" >&2; cat "$scratch/stderr" >&2; exit 1; }
    awk -v n="$samples" -v s="$seconds" 'BEGIN { print n / s }' >> "$scratch/samples.rate"
    awk -v n="$ranges" -v s="$seconds" 'BEGIN { print n / s }' >> "$scratch/ranges.rate"
    grep -q 'events dropped\|unreliable' "$scratch/stderr" && echo "live-overhead: warning: events were lost in a --live run" >&2
  fi
  local label="run $i/$runs"
  ((i > 0)) || label=warm-up
  echo "$label $name: workload $ms ms" >&2
}

i=0
one plain; one run; one live; one every
rm -f "$scratch"/*.ms "$scratch"/*.rate
for ((i = 1; i <= runs; i++)); do
  one plain
  one run
  one live
  one every
done
cp "$scratch/stderr" "$out/live-overhead-last-live.txt"

pm=$(median_min_max "$scratch/plain.ms"); rm_=$(median_min_max "$scratch/run.ms"); lm=$(median_min_max "$scratch/live.ms")
em=$(median_min_max "$scratch/every.ms")
paste "$scratch/every.ms" "$scratch/live.ms" | awk '{ print $2 / $1 }' > "$scratch/every.ratio"
er=$(median_min_max "$scratch/every.ratio")
paste "$scratch/live.ms" "$scratch/run.ms" | awk '{ print $2 / $1 }' > "$scratch/pair.ratio"
pr=$(median_min_max "$scratch/pair.ratio")
sr=$(median_min_max "$scratch/samples.rate"); rr=$(median_min_max "$scratch/ranges.rate")
cat <<MD
### Live heap tracking overhead (\`run --live\` against \`run\`), churn workload ($gb GB allocated)

| Variant | Workload time, ms: median (min–max) | Throughput against \`run\` |
| --- | --- | --- |
| (a) plain, no profiler | $(fmt_stats "$pm" 0) | |
| (b) \`heapwise run\` | $(fmt_stats "$rm_" 0) | 1 |
| (c) \`heapwise run --live\` | $(fmt_stats "$lm" 0) | $(ratio "${rm_%% *}" "${lm%% *}" 3)× (pairwise b/c $(fmt_stats "$pr" 3)) |
| (d) \`heapwise run --live --live-every 1s\` | $(fmt_stats "$em" 0) | $(ratio "${rm_%% *}" "${em%% *}" 3)× (pairwise against (c): $(fmt_stats "$er" 3)) |

Throughput is work per second, so (c) against (b) is time(b) / time(c). Trace volume under \`--live\`:
$(fmt_stats "$sr" 0) allocation samples/s and $(fmt_stats "$rr" 0) surviving + moved ranges/s (each GC reports
its survivors as ranges, batched into bulk events). (d) also writes the live profile every second while the
program runs (each one a method rundown of the program). $runs interleaved rounds (a b c d) after one untimed warm-up round.

- (a) \`${plain_cmd[*]}\`
- (b) \`${run_cmd[*]}\`
- (c) \`${live_cmd[*]}\`
- (d) \`${every_cmd[*]}\`
- Reproduce: \`RUNS=$runs GB=$gb bench/live-overhead.sh\`
$(machine_markdown)
MD

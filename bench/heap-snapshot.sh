#!/usr/bin/env bash
# Heap snapshot at scale: starts the test target with OBJECTS live objects (10,000,000 ≈ 1 GB by default),
# then times `heapwise heap --pid` (snapshot through EventPipe, graph, dominator tree, pprof and .hwheap files)
# and `heapwise heap report` on the written snapshot, as whole processes under /usr/bin/time -v (wall clock,
# peak RSS), with the target's pause as Heapwise measured it (GC suspend to restart). With GCDUMP_DLL set to a
# build of dotnet-gcdump's collection code (see docs/performance.md; never committed), runs it interleaved
# (H G H G ...) on the same target. Prints a Markdown section for docs/performance.md.
# Knobs (environment): RUNS=5 OBJECTS=10000000 NO_BUILD=1 GCDUMP_DLL=/path/to/driver.dll
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/bench/lib/common.sh"
cd "$root"

runs=${RUNS:-5}
objects=${OBJECTS:-10000000}
out=bench/out
mkdir -p "$out"
command -v /usr/bin/time > /dev/null || { echo "heap-snapshot: /usr/bin/time is required (apt-get install time)" >&2; exit 1; }

if [[ -z "${NO_BUILD:-}" ]]; then
  release_build src/Heapwise.Cli tests/Heapwise.TestTarget
fi
heapwise=src/Heapwise.Cli/bin/Release/net10.0/Heapwise.Cli
target_dll=tests/Heapwise.TestTarget/bin/Release/net10.0/Heapwise.TestTarget.dll
[[ -x $heapwise && -f $target_dll ]] || { echo "heap-snapshot: Release builds are missing; drop NO_BUILD" >&2; exit 1; }

start_heapscale_target heap-snapshot "$target_dll" "$objects"

heapwise_cmd=("$heapwise" heap --pid "$target" -o "$out/heap-bench.pb.gz")
report_cmd=("$heapwise" heap report "$out/heap-bench.hwheap" -n 5)
gcdump_cmd=(dotnet "${GCDUMP_DLL:-none}" "$target" "$out/heap-bench.gcdump")
tools=(heapwise report)
[[ -n "${GCDUMP_DLL:-}" ]] && tools+=(gcdump)

for ((i = 1; i <= runs; i++)); do
  for tool in "${tools[@]}"; do
    declare -n argv="${tool}_cmd"
    /usr/bin/time -v -o "$scratch/time" "${argv[@]}" > "$scratch/$tool.out" 2> "$scratch/err" || { cat "$scratch/err" >&2; exit 1; }
    unset -n argv
    wall_seconds "$scratch/time" >> "$scratch/$tool.wall"
    peak_rss_mb "$scratch/time" >> "$scratch/$tool.rss"
    if [[ $tool == heapwise ]]; then
      sed -n 's/.*(\([0-9,]*\) objects.*target paused \([0-9.]*\) ms, snapshot took \([0-9.]*\) s).*/\1 \2 \3/p' "$scratch/err" > "$scratch/last"
      read -r count pause took < "$scratch/last"
      echo "$pause" >> "$scratch/pause"
      echo "$took" >> "$scratch/took"
    fi
    echo "run $i/$runs $tool: $(tail -1 "$scratch/$tool.wall") s, $(tail -1 "$scratch/$tool.rss") MB${pause:+, pause $pause ms}" >&2
    pause=
  done
done

hw=$(median_min_max "$scratch/heapwise.wall"); hr=$(median_min_max "$scratch/heapwise.rss")
rw=$(median_min_max "$scratch/report.wall"); rr=$(median_min_max "$scratch/report.rss")
hp=$(median_min_max "$scratch/pause"); ht=$(median_min_max "$scratch/took")
cat <<MD
### Heap snapshot of $count live objects ($target_rss MB resident target)

| Command | Wall time, s: median (min–max) | Peak RSS, MB: median (min–max) |
| --- | --- | --- |
| \`heapwise heap --pid\` (snapshot, dominators, both files) | $(fmt_stats "$hw" 2) | $(fmt_stats "$hr" 0) |
| of which: attach to graph built (Heapwise's own clock) | $(fmt_stats "$ht" 2) | |
| \`heapwise heap report\` (read .hwheap, dominators, report) | $(fmt_stats "$rw" 2) | $(fmt_stats "$rr" 0) |
MD
if [[ -n "${GCDUMP_DLL:-}" ]]; then
  gw=$(median_min_max "$scratch/gcdump.wall"); gr=$(median_min_max "$scratch/gcdump.rss")
  cat <<MD
| dotnet-gcdump collection code (snapshot, .gcdump file) | $(fmt_stats "$gw" 2) | $(fmt_stats "$gr" 0) |
| \`heapwise heap\` / gcdump (medians) | $(ratio "${hw%% *}" "${gw%% *}")× | $(ratio "${hr%% *}" "${gr%% *}")× |
MD
fi
cat <<MD

Target pause (GC suspend to restart, the induced gen-2 GC and the heap walk), measured by Heapwise from the
runtime's GCSuspendEEStart/GCRestartEEStop events: $(fmt_stats "$hp" 0) ms.
$runs interleaved runs of each on one target, whole processes under \`/usr/bin/time -v\`.

- Target: \`dotnet $target_dll heapscale $objects\`
- Heapwise: \`${heapwise_cmd[*]}\`, then \`${report_cmd[*]}\`
$([[ -n "${GCDUMP_DLL:-}" ]] && echo "- gcdump: \`dotnet <driver.dll> PID FILE.gcdump\` (dotnet-gcdump's EventPipeDotNetHeapDumper + GCHeapDump.WriteMemoryGraph, built from dotnet/diagnostics for measurement only)")
- Reproduce: \`RUNS=$runs OBJECTS=$objects${GCDUMP_DLL:+ GCDUMP_DLL=...} bench/heap-snapshot.sh\`
$(machine_markdown)
MD

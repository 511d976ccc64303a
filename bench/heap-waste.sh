#!/usr/bin/env bash
# Heap waste at scale: starts the test target with OBJECTS live objects (10,000,000 ≈ 1 GB by default), then, in
# interleaved runs (C R W C R W ...):
#   C  the runtime's createdump writing a heap dump (-h, what 'heapwise heap --waste' asks the runtime for): the
#      reference, and the dump R reads;
#   R  `heapwise heap report DUMP` (open the dump with ClrMD, walk every object, find the waste);
#   W  `heapwise heap --pid N --waste` whole (EventPipe snapshot, dump, analysis, files), with the dump's write and
#      analysis times as Heapwise measured them.
# All as whole processes under /usr/bin/time -v (wall clock, peak RSS). Prints a Markdown section for
# docs/performance.md. Knobs (environment): RUNS=3 OBJECTS=10000000 NO_BUILD=1
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/bench/lib/common.sh"
cd "$root"

runs=${RUNS:-3}
objects=${OBJECTS:-10000000}
out=bench/out
mkdir -p "$out"
command -v /usr/bin/time > /dev/null || { echo "heap-waste: /usr/bin/time is required (apt-get install time)" >&2; exit 1; }
runtime_dir=$(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ { v = $2; d = $3 } END { gsub(/[\[\]]/, "", d); print d "/" v }')
createdump="$runtime_dir/createdump"
[[ -x $createdump ]] || { echo "heap-waste: $createdump not found" >&2; exit 1; }

if [[ -z "${NO_BUILD:-}" ]]; then
  release_build src/Heapwise.Cli tests/Heapwise.TestTarget
fi
heapwise=src/Heapwise.Cli/bin/Release/net10.0/Heapwise.Cli
target_dll=tests/Heapwise.TestTarget/bin/Release/net10.0/Heapwise.TestTarget.dll
[[ -x $heapwise && -f $target_dll ]] || { echo "heap-waste: Release builds are missing; drop NO_BUILD" >&2; exit 1; }

start_heapscale_target heap-waste "$target_dll" "$objects"

dump="$scratch/ref.dmp"
createdump_cmd=("$createdump" -h -f "$dump" "$target")
report_cmd=("$heapwise" heap report "$dump")
waste_cmd=("$heapwise" heap --pid "$target" --waste --dump-folder "$scratch" -o "$out/heap-waste-bench.pb.gz")

for ((i = 1; i <= runs; i++)); do
  for tool in createdump report waste; do
    declare -n argv="${tool}_cmd"
    /usr/bin/time -v -o "$scratch/time" "${argv[@]}" > "$scratch/$tool.out" 2> "$scratch/err" || { cat "$scratch/err" >&2; exit 1; }
    unset -n argv
    wall_seconds "$scratch/time" >> "$scratch/$tool.wall"
    peak_rss_mb "$scratch/time" >> "$scratch/$tool.rss"
    case $tool in
      createdump) stat -c %s "$dump" | awk '{ printf "%.0f\n", $1 / 1048576 }' >> "$scratch/dump.mb" ;;
      report) rm -f "$dump" ;;
      waste)
        sed -n 's/.*heap dump [0-9,]* bytes written in \([0-9.]*\) s.*analyzed in \([0-9.]*\) s.*/\1 \2/p' "$scratch/err" > "$scratch/last"
        read -r written analyzed < "$scratch/last"
        echo "$written" >> "$scratch/written"
        echo "$analyzed" >> "$scratch/analyzed"
        ;;
    esac
    echo "run $i $tool: $(tail -1 "$scratch/$tool.wall") s, $(tail -1 "$scratch/$tool.rss") MB" >&2
  done
done

stats() { fmt_stats "$(median_min_max "$1")" "$2"; }
echo "### Heap waste on $objects objects ($target_rss MB resident target)"
echo
echo "| Command | Wall time, s: median (min–max) | Peak RSS, MB: median (min–max) |"
echo "| --- | --- | --- |"
echo "| createdump -h (the runtime's dump writer; reference) | $(stats "$scratch/createdump.wall" 2) | $(stats "$scratch/createdump.rss" 0) |"
echo "| \`heapwise heap report DUMP\` (ClrMD open, mark live objects, walk, waste) | $(stats "$scratch/report.wall" 2) | $(stats "$scratch/report.rss" 0) |"
echo "| \`heapwise heap --pid --waste\` (snapshot, dump, waste, files) | $(stats "$scratch/waste.wall" 2) | $(stats "$scratch/waste.rss" 0) |"
echo "| of which: dump written (target paused), Heapwise's clock | $(stats "$scratch/written" 2) | |"
echo "| of which: dump analyzed, Heapwise's clock | $(stats "$scratch/analyzed" 2) | |"
echo
echo "Dump size: $(stats "$scratch/dump.mb" 0) MB. $runs interleaved runs of each on one target, whole processes under \`/usr/bin/time -v\`."
echo
echo "- Target: \`dotnet $target_dll heapscale $objects\`"
echo "- Commands: \`${createdump_cmd[*]}\`, \`${report_cmd[*]}\`, \`${waste_cmd[*]}\`"
echo "- Reproduce: \`RUNS=$runs OBJECTS=$objects bench/heap-waste.sh\`"
machine_markdown

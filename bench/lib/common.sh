# Shared by the bench scripts: statistics over interleaved runs and the machine description that
# docs/performance.md asks for beside every figure. Source it; it defines functions only.

# median_min_max FILE -> "median min max" of the numbers in FILE, one per line.
median_min_max() {
  sort -g "$1" | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "nan nan nan"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    print m, v[1], v[NR] }'
}

# ratio A B [DIGITS] -> A / B
ratio() { awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { if (b == 0) print "nan"; else printf "%.*f\n", d, a / b }'; }

# fmt_stats "median min max" DIGITS -> "median (min–max)"
fmt_stats() { awk -v d="$2" -v s="$1" 'BEGIN { split(s, x, " "); printf "%.*f (%.*f–%.*f)\n", d, x[1], d, x[2], d, x[3] }'; }

# GNU time -v output FILE -> wall seconds / peak RSS in MB.
wall_seconds() {
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$1"
}
peak_rss_mb() { awk -F': ' '/Maximum resident set size/ { printf "%.1f\n", $2 / 1024 }' "$1"; }

# The machine, as Markdown bullet points.
machine_markdown() {
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ { printf "%.0f GB RAM", $2 / 1048576 }' /proc/meminfo), Linux $(uname -r)"
  echo "- .NET SDK $(dotnet --version), runtime $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ { v = $2 } END { print v }'); $(go version 2>/dev/null | cut -d' ' -f3- || echo 'go: not installed')"
}

# release_build PROJECT... -> builds each in Release, quietly, failing loudly.
release_build() {
  local project
  for project in "$@"; do
    echo "building $project (Release)" >&2
    dotnet build -c Release --nologo -v quiet "$project" >&2 || { echo "build of $project failed" >&2; exit 1; }
  done
}

# start_heapscale_target NAME DLL OBJECTS -> starts the TestTarget's heapscale workload with OBJECTS live objects and
# waits until it is ready. Sets scratch (a folder removed on exit), target (its pid) and target_rss (MB resident).
# The target's stdin is a fifo held open on fd 3: the target ends when the script exits. NAME prefixes errors.
start_heapscale_target() {
  local name=$1 dll=$2 objects=$3 i
  scratch=$(mktemp -d)
  mkfifo "$scratch/stdin"
  dotnet "$dll" heapscale "$objects" < "$scratch/stdin" > "$scratch/target.out" &
  target=$!
  exec 3> "$scratch/stdin" # keeps the target's stdin open; closing it ends the target
  trap 'exec 3>&-; wait $target 2> /dev/null || true; rm -rf "$scratch"' EXIT
  for ((i = 0; i < 600; i++)); do
    grep -q ready "$scratch/target.out" 2> /dev/null && break
    kill -0 $target 2> /dev/null || { echo "$name: the target died" >&2; exit 1; }
    sleep 1
  done
  target_rss=$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' /proc/$target/status)
  echo "target $target ready, $target_rss MB resident" >&2
}

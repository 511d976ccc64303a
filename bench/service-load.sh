#!/usr/bin/env bash
# The sample service under load while profiling: builds the sample service and the load generator in Release,
# starts the service on free loopback ports (rule captures off, so only the measured captures run; cache bounded
# to CACHE_MB), runs interleaved rounds of A (no capture), B (/debug/pprof/allocs) and C (/debug/pprof/profile)
# with WORKERS concurrent workers for SECONDS_PER_PHASE each, then stops the service.
# Output: a Markdown section on stdout and in bench/out/service-load.md. Exit 1 if a request failed or a capture
# was not a valid profile.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib/common.sh
ROUNDS=${ROUNDS:-5}
WORKERS=${WORKERS:-16}
SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-10}
WARMUP=${WARMUP:-20}
CACHE_MB=${CACHE_MB:-64}
# ROTATE=1: rounds A B C, B C A, C A B, ... so that no phase always follows the same one.
ROTATE=${ROTATE:-}
mkdir -p bench/out
[[ -n "${NO_BUILD:-}" ]] || release_build samples/Heapwise.Samples.Service bench/Heapwise.LoadTest

service_dir=samples/Heapwise.Samples.Service/bin/Release/net10.0
log=bench/out/service-load.service.log
# The service reads appsettings.json from its working folder.
(cd "$service_dir" && exec dotnet Heapwise.Samples.Service.dll --Service:Port=0 --Heapwise:ManagementPort=0 \
  --Heapwise:CaptureDirectory= --Cache:MaxMegabytes="$CACHE_MB") >"$log" 2>&1 &
service_pid=$!
trap 'kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true' EXIT
for _ in $(seq 600); do
  grep -q '^pprof: ' "$log" && break
  kill -0 "$service_pid" 2>/dev/null || { echo "the service exited:" >&2; cat "$log" >&2; exit 1; }
  sleep 0.1
done
service=$(awk '/^service: / { print $2 }' "$log")
pprof=$(awk '/^pprof: / { print $2 }' "$log")
[[ -n "$pprof" ]] || { echo "the service did not print its addresses in 60 s:" >&2; cat "$log" >&2; exit 1; }

command="${ROTATE:+ROTATE=1 }ROUNDS=$ROUNDS WORKERS=$WORKERS SECONDS_PER_PHASE=$SECONDS_PER_PHASE bench/service-load.sh"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
status=0
tables=$(dotnet bench/Heapwise.LoadTest/bin/Release/net10.0/Heapwise.LoadTest.dll --service "$service" --pprof "$pprof" \
  --rounds "$ROUNDS" --workers "$WORKERS" --seconds "$SECONDS_PER_PHASE" --warmup "$WARMUP" ${ROTATE:+--rotate}) || status=$?
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
{
  echo "### Sample service under load, $(date -u '+%Y-%m-%d')"
  echo
  echo "$tables"
  echo
  echo "- Command: \`$command\` (service: \`dotnet Heapwise.Samples.Service.dll --Heapwise:CaptureDirectory= --Cache:MaxMegabytes=$CACHE_MB\`, Release)"
  machine_markdown
  echo "- Load average (1, 5, 15 min): $load_before before, $load_after after"
} | tee bench/out/service-load.md
exit "$status"

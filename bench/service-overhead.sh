#!/usr/bin/env bash
# What /debug/pprof captures cost a busy service: interleaved rounds of (no capture, CPU profile, allocation
# profile) of ROUNDS x SECONDS each, measuring a request-like worker's throughput; plus the CPU profile against the
# OS's CPU time for the worker's thread, and the latency of a thread dump. Output: bench/out/service-overhead.txt
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-10}
mkdir -p bench/out
dotnet build -c Release bench/ServiceProbe -v q -nologo >/dev/null
{
  date -u '+%Y-%m-%d %H:%M UTC'
  uptime
  dotnet bench/ServiceProbe/bin/Release/net10.0/ServiceProbe.dll overhead "$ROUNDS" "$SECONDS_PER_PHASE"
} | tee bench/out/service-overhead.txt

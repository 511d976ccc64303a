#!/usr/bin/env bash
# What a scrape of /metrics costs: ROUNDS interleaved rounds of GETS requests to each of GET / (HTTP cost alone),
# OpenTelemetry's Prometheus endpoint with only System.Runtime (the reference), Heapwise's /metrics without and with
# the exporter's response cache; time and bytes allocated per GET. Output: bench/out/metrics-scrape.txt
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
GETS=${GETS:-1000}
mkdir -p bench/out
[ -n "${NO_BUILD:-}" ] || dotnet build -c Release bench/MetricsScrape -v q -nologo >/dev/null
{
  date -u '+%Y-%m-%d %H:%M UTC'
  uptime
  dotnet bench/MetricsScrape/bin/Release/net10.0/MetricsScrape.dll "$ROUNDS" "$GETS"
} | tee bench/out/metrics-scrape.txt

#!/usr/bin/env sh
# Regenerates the benchstat fixtures: Go benchmark output made by the real `go test -bench -benchmem`
# (gobench/), and the expected outputs of the real golang.org/x/perf benchstat on them (expected/).
# The tests compare Heapwise's benchstat with expected/ and need no Go; rerun only to refresh.
#
# The benchstat used: golang.org/x/perf at 884df58 (2025-02-10; the last go.mod Go 1.19 builds: later
# commits need Go 1.23+ and use the built-in min/max) with commit 8f5f3ab (cmd/benchstat: consistent column
# count in csv format, 2025-05-15) applied, and github.com/aclements/go-moremath at f10218a (its go.mod
# pin). Later perf commits to cmd/benchstat, benchmath, benchfmt, benchunit and benchproc only change
# comments and vet findings. Built offline:
#   git -C perf archive 884df58 cmd/benchstat benchmath benchfmt benchunit benchproc | tar -x -C /tmp/perf
#   git -C perf show 8f5f3ab -- cmd/benchstat/internal/benchtab/table.go | (cd /tmp/perf && patch -p1)
#   git -C go-moremath archive f10218a | tar -x -C /tmp/moremath
#   printf 'module golang.org/x/perf\ngo 1.18\nrequire github.com/aclements/go-moremath v0.0.0-20210112150236-f10218a38794\nreplace github.com/aclements/go-moremath => /tmp/moremath\n' > /tmp/perf/go.mod
#   (cd /tmp/perf && GOFLAGS=-mod=mod GOPROXY=off go build -o /tmp/benchstat ./cmd/benchstat)
# Usage: BENCHSTAT=/tmp/benchstat ./make-fixtures.sh [--keep-inputs]
#   --keep-inputs recomputes expected/ from the committed *.txt inputs without rerunning the benchmarks.
set -eu
cd "$(dirname "$0")"
BENCHSTAT=${BENCHSTAT:-benchstat}

if [ "${1:-}" != "--keep-inputs" ]; then
  run() { # run VARIANT COUNT BENCH-REGEX OUT
    (cd gobench && HEAPWISE_VARIANT=$1 GOFLAGS=-mod=mod GOPROXY=off \
      go test -run '^$' -bench "$3" -benchmem -count "$2" -benchtime 50000x) > "$4"
  }
  run old 10 . old.txt
  run new 10 'Concat|Parse|Lookup' new.txt
  run old 3 'Concat|Parse' old-count3.txt
  run new 3 'Concat|Parse' new-count3.txt
  run old 35 'Parse|Lookup' old-count35.txt   # n > 30: normal approximations (median interval; U test with ties)
  run new 35 'Parse|Lookup' new-count35.txt
  run old 60 'Lookup' old-count60.txt         # n > 50: the U test's normal approximation without ties
  run new 60 'Lookup' new-count60.txt
  go version > go-version.txt

  # BenchmarkDotNet: the tiny suite in bench/Heapwise.Benchmarks (BenchstatFixtureBenchmarks), run twice with
  # the full JSON exporter (BDN's "json" is JsonExporter.Default, the full compressed export), in-process so
  # the short runs need no extra build.
  root=$(cd ../../../.. && pwd)
  dotnet build -c Release "$root/bench/Heapwise.Benchmarks" > /dev/null
  for v in old new; do
    rm -rf "/tmp/heapwise-bdn-$v"
    (cd "$root/bench/Heapwise.Benchmarks" && HEAPWISE_VARIANT=$v dotnet bin/Release/net10.0/Heapwise.Benchmarks.dll \
      --filter '*BenchstatFixture*' --exporters json --inProcess --launchCount 1 --warmupCount 3 --iterationCount 10 \
      --artifacts "/tmp/heapwise-bdn-$v" > /dev/null)
    cp "/tmp/heapwise-bdn-$v/results/Heapwise.Benchmarks.BenchstatFixtureBenchmarks-report-full-compressed.json" "bdn-$v.json"
  done
fi

# The real benchstat cannot read BenchmarkDotNet JSON: the same numbers Heapwise takes from it are written in
# Go's format for it. Per iteration (Workload/Result measurements) Nanoseconds/Operations ns/op; once per
# benchmark B/op and GC collections per 1000 operations, marked assume=exact (one value, compared exactly).
for v in old new; do
  jq -r '"Unit B/op assume=exact", "Unit gen0/1k-op assume=exact", "Unit gen1/1k-op assume=exact", "Unit gen2/1k-op assume=exact",
    (.Benchmarks[] | (.Type + "." + .Method + (if (.Parameters // "") == "" then "" else "/" + (.Parameters | gsub("(, |&)"; "/")) end)) as $name
      | (.Measurements[] | select(.IterationMode == "Workload" and .IterationStage == "Result")
          | "Benchmark\($name) \(.Operations) \(.Nanoseconds / .Operations) ns/op"),
        "Benchmark\($name) \(.Memory.TotalOperations) \(.Memory.BytesAllocatedPerOperation) B/op \(.Memory.Gen0Collections * 1000 / .Memory.TotalOperations) gen0/1k-op \(.Memory.Gen1Collections * 1000 / .Memory.TotalOperations) gen1/1k-op \(.Memory.Gen2Collections * 1000 / .Memory.TotalOperations) gen2/1k-op")' \
    "bdn-$v.json" > "bdn-$v.gobench.txt"
done

mkdir -p expected
bs() { # bs NAME ARGS...: text and csv (csv warnings go to NAME.csv.stderr)
  name=$1; shift
  "$BENCHSTAT" "$@" > "expected/$name.txt"
  "$BENCHSTAT" -format csv "$@" > "expected/$name.csv" 2> "expected/$name.csv.stderr"
}
bs old-new old.txt new.txt
bs old-new-alpha01-conf90 -alpha 0.01 -confidence 0.90 old.txt new.txt
bs count3 old-count3.txt new-count3.txt
bs old-only old.txt
bs three-way old.txt new.txt old-count3.txt
bs count35 old-count35.txt new-count35.txt
bs count60 old-count60.txt new-count60.txt
# Hand-written (not from go test), for what the real runs do not show: a metric from 0 to non-zero ("?"),
# a throughput unit (MB/s), a declared exact unit, a benchmark only in the new file; and the same with
# differing "cpu:" lines (config-*.txt), which benchstat splits into separate tables and does not compare.
bs edge edge-old.txt edge-new.txt
bs config-differs config-old.txt config-new.txt
bs labels base=old-count3.txt pr=new-count3.txt new-count3.txt new-count3.txt
bs units units.txt   # hand-written: unit tidying and byte scaling beyond ns/op and B/op
bs filter-concat -filter '.fullname:/Concat|Lookup/' old.txt new.txt
bs bdn bdn-old.gobench.txt bdn-new.gobench.txt

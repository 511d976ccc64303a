using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Heapwise.AssertionCosts;
using Heapwise.Testing;

// `dotnet run -c Release --project bench/AssertionCosts`: prints two markdown tables for docs/performance.md.
var invariant = CultureInfo.InvariantCulture;

// 1. Exact bytes per operation: AllocationMeter against BenchmarkDotNet's MemoryDiagnoser, same process, same run.
var config = ManualConfig.CreateMinimumViable().AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
    .WithArtifactsPath(Path.Combine("bench", "out", "BenchmarkDotNet.Artifacts"));
var summary = BenchmarkRunner.Run<ReferenceBenchmarks>(config);
Console.WriteLine();
Console.WriteLine("| operation | AllocationMeter, bytes/run | BenchmarkDotNet Allocated, bytes/op |");
Console.WriteLine("| --- | ---: | ---: |");
foreach (var (name, run) in Operations.All)
{
    string method = string.Concat(name.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    var report = summary.Reports.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method);
    long? reference = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
    var measured = AllocationMeter.MeasurePerRun(name.StartsWith("analysis", StringComparison.Ordinal) ? 5 : 1_000, run);
    Console.WriteLine(string.Create(invariant, $"| {name} | {measured.BytesPerRun:N1} | {reference:N0} |"));
}

// 2. What a failing assertion costs, with and without the explanation, interleaved.
const int Rounds = 5;
(string Name, long Limit, Action Run)[] failures =
[
    ("two-strings vs nothing", 0, Operations.TwoStrings),
    ("buffer-1000 vs nothing", 0, Operations.Buffer1000),
    ("analysis-naive vs 2 MB", 2_000_000, Operations.AnalysisNaive),
];
var quiet = new AllocationAssertOptions { ExplainFailures = false };
Console.WriteLine();
Console.WriteLine("| failing assertion | exact bytes/run | without explanation, s | with explanation, s | runs under the profiler | samples | top site estimate, bytes/run |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
foreach (var (name, limit, run) in failures)
{
    var plain = new List<double>();
    var explained = new List<double>();
    AllocationAssertionException? last = null;
    long exact = 0;
    for (int i = 0; i < Rounds; i++)
    {
        plain.Add(Time(() => AllocationAssert.AllocatesAtMost(limit, run, quiet), out var failure));
        exact = (long)failure.Measurement.BytesPerRun;
        explained.Add(Time(() => AllocationAssert.AllocatesAtMost(limit, run), out last));
    }

    var explanation = last!.Explanation!;
    Console.WriteLine(string.Create(invariant,
        $"| {name} | {exact:N0} | {Median(plain):F3} ({plain.Min():F3}–{plain.Max():F3}) | {Median(explained):F2} ({explained.Min():F2}–{explained.Max():F2}) | {explanation.Runs:N0} | {explanation.SampleCount:N0} | {explanation.Sites[0].BytesPerRun:N0} ({explanation.Sites[0].Type}) |"));
}

static double Time(Action assertion, out AllocationAssertionException failure)
{
    var clock = Stopwatch.StartNew();
    try
    {
        assertion();
    }
    catch (AllocationAssertionException e)
    {
        clock.Stop();
        failure = e;
        return clock.Elapsed.TotalSeconds;
    }

    throw new InvalidOperationException("The assertion was expected to fail.");
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

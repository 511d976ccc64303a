using BenchmarkDotNet.Attributes;
using Heapwise.Samples;

namespace Heapwise.Benchmarks;

/// <summary>
/// The demo workloads (samples/Heapwise.Samples) as a BenchmarkDotNet suite, for the README's
/// <c>heapwise benchstat</c> example: <c>HEAPWISE_VARIANT=old</c> runs the naive code, <c>new</c> the optimized
/// code, under the same benchmark names, so the two JSON exports compare as before and after.
/// </summary>
// Not sealed: BenchmarkDotNet generates a class deriving from it.
[MemoryDiagnoser]
public class DemoWorkloadBenchmarks
{
    private readonly bool _optimized = Environment.GetEnvironmentVariable("HEAPWISE_VARIANT") == "new";

    /// <summary>Encodes 1,500 messages: into a new buffer each (old) or into buffers rented from ArrayPool (new).</summary>
    [Benchmark]
    public ulong Transform() => _optimized ? TransformWorkload.RunWithPooledBuffers() : TransformWorkload.RunWithNewBuffers();

    /// <summary>Aggregates a 300,000-line log: with Substring/Split (old) or with spans and pre-sized collections (new).</summary>
    [Benchmark]
    public ulong Analysis() => _optimized ? AnalysisWorkload.AnalyzeOptimized() : AnalysisWorkload.AnalyzeNaive();
}

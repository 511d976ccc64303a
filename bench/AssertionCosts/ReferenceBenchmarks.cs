using BenchmarkDotNet.Attributes;

namespace Heapwise.AssertionCosts;

/// <summary>The same operations for BenchmarkDotNet's MemoryDiagnoser, the reference for bytes per operation.</summary>
/// <remarks>BenchmarkDotNet needs instance methods, hence CA1822 is off here.</remarks>
[MemoryDiagnoser]
#pragma warning disable CA1822
public class ReferenceBenchmarks
{
    /// <summary>See <see cref="Operations.SearchBytes"/>.</summary>
    [Benchmark]
    public void SearchBytes() => Operations.SearchBytes();

    /// <summary>See <see cref="Operations.TwoStrings"/>.</summary>
    [Benchmark]
    public void TwoStrings() => Operations.TwoStrings();

    /// <summary>See <see cref="Operations.Buffer1000"/>.</summary>
    [Benchmark]
    public void Buffer1000() => Operations.Buffer1000();

    /// <summary>See <see cref="Operations.PooledRun"/>.</summary>
    [Benchmark]
    public void PooledRun() => Operations.PooledRun();

    /// <summary>See <see cref="Operations.AnalysisOptimized"/>.</summary>
    [Benchmark]
    public void AnalysisOptimized() => Operations.AnalysisOptimized();
}
#pragma warning restore CA1822

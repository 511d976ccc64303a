using System.Runtime.CompilerServices;
using Heapwise.Samples;

namespace Heapwise.AssertionCosts;

/// <summary>The operations measured, each once as a delegate for Heapwise.Testing and once as a benchmark for BenchmarkDotNet.</summary>
public static class Operations
{
    private static readonly byte[] Message = new byte[64 * 1024];
    private static object? s_sink;

    /// <summary>The operations by name, largest last.</summary>
    public static IReadOnlyList<(string Name, Action Run)> All { get; } =
    [
        ("search-bytes", SearchBytes),
        ("two-strings", TwoStrings),
        ("buffer-1000", Buffer1000),
        ("pooled-run", PooledRun),
        ("analysis-optimized", AnalysisOptimized),
    ];

    /// <summary>Searches a 64 KiB array of zeros for a one: allocates nothing.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void SearchBytes() => s_sink = Message.AsSpan().IndexOf((byte)1) >= 0 ? Message : null;

    /// <summary>Two small strings: the number's text and the concatenation.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void TwoStrings() => s_sink = string.Concat(Message.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), "-");

    /// <summary>One byte[1000]: 1,024 bytes.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Buffer1000() => s_sink = new byte[1000];

    /// <summary>The whole pooled transform workload: 1,500 messages, only its Random allocated.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void PooledRun() => s_sink = TransformWorkload.RunWithPooledBuffers();

    /// <summary>The naive analysis workload (about 107 MB).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void AnalysisNaive() => s_sink = AnalysisWorkload.AnalyzeNaive();

    /// <summary>The optimized analysis workload (about 1.5 MB).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void AnalysisOptimized() => s_sink = AnalysisWorkload.AnalyzeOptimized();
}

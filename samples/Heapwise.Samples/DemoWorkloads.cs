namespace Heapwise.Samples;

/// <summary>The demo workloads, in the order the README walks through them.</summary>
public static class DemoWorkloads
{
    /// <summary>Every demo workload. Names are unique, short and kebab-case.</summary>
    public static IReadOnlyList<DemoWorkload> All { get; } =
    [
        new("data-processor",
            "Reads customer records, encodes each payload and caches the bytes by key with FIFO eviction (~190 MB per run).",
            () => ResultSink.Consume(DataProcessorWorkload.Run()),
            Optimized: null),
        new("transform",
            "Encodes 1,500 messages of 16-128 KiB into a new buffer each (~110 MB); optimized: buffers rented from ArrayPool<byte>.Shared.",
            () => ResultSink.Consume(TransformWorkload.RunWithNewBuffers()),
            () => ResultSink.Consume(TransformWorkload.RunWithPooledBuffers())),
        new("analysis",
            "Aggregates a 300,000-line access log (~107 MB allocated) with Substring/Split/concatenation and growing collections; optimized: span slicing, stack-built keys, alternate lookup, pre-sized collections.",
            () => ResultSink.Consume(AnalysisWorkload.AnalyzeNaive()),
            () => ResultSink.Consume(AnalysisWorkload.AnalyzeOptimized())),
        new("int-arrays",
            "Builds 1,500 int series (~64 MB kept, ~256 MB allocated) in a dictionary through growing List<int> and ToArray; optimized: arrays and dictionary allocated at their final size.",
            () => ResultSink.Consume(IntArraysWorkload.BuildWithGrowingLists()),
            () => ResultSink.Consume(IntArraysWorkload.BuildPresized())),
    ];

    /// <summary>The workload named <paramref name="name"/> (ordinal, case-insensitive), or <see langword="null"/>.</summary>
    public static DemoWorkload? Find(string name) =>
        All.FirstOrDefault(w => string.Equals(w.Name, name, StringComparison.OrdinalIgnoreCase));
}

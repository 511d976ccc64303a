namespace Heapwise.Runtime;

/// <summary>
/// A snapshot of the process's memory and garbage collector, the counterpart of Go's <c>runtime.MemStats</c>. Read
/// one with <see cref="MemStatsReader.Read"/>, which also computes rates since its previous reading. Every field names
/// the .NET API it comes from; docs/memstats.md has the table.
/// </summary>
/// <remarks>
/// Heap sizes by generation describe the heap as the last GC left it (that is what the runtime records);
/// <see cref="TotalMemoryBytes"/> and <see cref="TotalAllocatedBytes"/> are current.
/// </remarks>
public sealed record MemStats
{
    /// <summary>When the snapshot was taken (UTC).</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary><see cref="GC.GetTotalAllocatedBytes(bool)"/> (not precise): bytes allocated since the process started, Go's <c>TotalAlloc</c>.</summary>
    public required long TotalAllocatedBytes { get; init; }

    /// <summary>Bytes allocated per second over <see cref="RateWindow"/>: the difference of <see cref="TotalAllocatedBytes"/> between two readings.</summary>
    public required double AllocationRateBytesPerSecond { get; init; }

    /// <summary>What the rates cover: the time since the reader's previous snapshot, or since the process started for its first.</summary>
    public required TimeSpan RateWindow { get; init; }

    /// <summary><see cref="GC.GetTotalMemory(bool)"/> (without collecting): bytes the heap holds now, live objects and garbage not yet collected.</summary>
    public required long TotalMemoryBytes { get; init; }

    /// <summary><see cref="GCMemoryInfo.HeapSizeBytes"/>: the heap's size after the last GC, all generations; Go's <c>HeapAlloc</c> right after a GC.</summary>
    public required long HeapSizeBytes { get; init; }

    /// <summary><see cref="GCMemoryInfo.TotalCommittedBytes"/>: memory the GC has committed from the OS, Go's <c>HeapSys</c> minus released pages.</summary>
    public required long CommittedBytes { get; init; }

    /// <summary><see cref="GCMemoryInfo.FragmentedBytes"/>: free space inside the heap after the last GC, Go's <c>HeapIdle</c> nearest relative.</summary>
    public required long FragmentedBytes { get; init; }

    /// <summary><see cref="GCMemoryInfo.PromotedBytes"/>: bytes that survived the last GC and moved to an older generation.</summary>
    public required long PromotedBytes { get; init; }

    /// <summary><see cref="GCMemoryInfo.PinnedObjectsCount"/>: objects pinned during the last GC (they block compaction).</summary>
    public required long PinnedObjectsCount { get; init; }

    /// <summary><see cref="GCMemoryInfo.FinalizationPendingCount"/>: objects waiting for their finalizer after the last GC.</summary>
    public required long FinalizationPendingCount { get; init; }

    /// <summary>Per generation (gen0, gen1, gen2, loh, poh): sizes and fragmentation at the last GC, and collection counts.</summary>
    public required IReadOnlyList<GenerationStats> Generations { get; init; }

    /// <summary><see cref="GCMemoryInfo.Index"/> of the last GC: how many GCs ran since the process started, Go's <c>NumGC</c>.</summary>
    public required long GcCount { get; init; }

    /// <summary>GCs (of any generation) over <see cref="RateWindow"/>: the difference of <see cref="GcCount"/> between readings.</summary>
    public required long RecentGcCount { get; init; }

    /// <summary><see cref="GC.GetTotalPauseDuration"/>: time the program was suspended by GCs since it started, Go's <c>PauseTotalNs</c>.</summary>
    public required TimeSpan TotalPauseDuration { get; init; }

    /// <summary>
    /// <see cref="GCMemoryInfo.PauseTimePercentage"/> (<see cref="GCKind.Any"/>): the runtime's percentage of time spent
    /// paused in GC since the process started.
    /// </summary>
    public required double PauseTimePercentage { get; init; }

    /// <summary>
    /// Share (0 to 1) of <see cref="RateWindow"/> the program was paused by GCs: the difference of
    /// <see cref="TotalPauseDuration"/> over the window. .NET reports no GC CPU time, so this pause share stands in for
    /// Go's <c>GCCPUFraction</c>; background GC work done while the program runs is not in it.
    /// </summary>
    public required double RecentPauseShare { get; init; }

    /// <summary>The last ephemeral, full blocking and background GCs (<see cref="GC.GetGCMemoryInfo(GCKind)"/>) and their pauses.</summary>
    public required IReadOnlyList<GcPauseStats> LastCollections { get; init; }

    /// <summary><see cref="Environment.WorkingSet"/>: physical memory mapped to the process (heap, native memory, code), Go's <c>Sys</c> nearest relative.</summary>
    public required long WorkingSetBytes { get; init; }

    /// <summary>GC mode, limits and settings.</summary>
    public required GcLimits Limits { get; init; }
}

namespace Heapwise.Runtime;

/// <summary>
/// One look at a process's memory, the input of <see cref="MemoryRules"/>: what the runtime's counters
/// (out of process) or <c>GC</c> APIs (in process) say at <see cref="Time"/>, rates over the interval since
/// the previous reading.
/// </summary>
public sealed record MemoryReading
{
    /// <summary>When the values were read.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>
    /// Bytes of objects in the GC heap (all generations, LOH and POH), live or not yet collected; free space inside the
    /// heap (fragmentation) is not counted, as in Go's <c>HeapAlloc</c>. Out of process the runtime's <c>gc-heap-size</c>
    /// counter, in process the same <c>GC.GetTotalMemory(false)</c> it publishes.
    /// </summary>
    public required long HeapSizeBytes { get; init; }

    /// <summary>
    /// Bytes the heap held after the last full (gen 2) collection: gen 2, LOH and POH as that collection
    /// left them. What a leak makes grow; <see langword="null"/> when unknown.
    /// </summary>
    public long? HeapAfterFullCollectionBytes { get; init; }

    /// <summary>Full (gen 2) collections since the process started.</summary>
    public required long FullCollections { get; init; }

    /// <summary>Collections of any generation since the process started.</summary>
    public required long Collections { get; init; }

    /// <summary>Share of the interval the process spent paused by the GC, 0 to 1.</summary>
    public required double GcPauseShare { get; init; }

    /// <summary>Bytes allocated per second over the interval.</summary>
    public required double AllocationBytesPerSecond { get; init; }

    /// <summary>The process's working set in bytes; <see langword="null"/> when unknown.</summary>
    public long? WorkingSetBytes { get; init; }

    /// <summary>
    /// A reading of the calling process from a <see cref="MemStats"/> of it (rates over its window), with the heap
    /// left by the last full collection from <see cref="GC.GetGCMemoryInfo(GCKind)"/> (the later of the last full
    /// blocking and background collections: gen 2, LOH and POH after it).
    /// </summary>
    public static MemoryReading FromThisProcess(MemStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var blocking = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        var background = GC.GetGCMemoryInfo(GCKind.Background);
        var lastFull = blocking.Index >= background.Index ? blocking : background;
        var generations = lastFull.GenerationInfo;
        long? afterFull = lastFull.Index == 0 ? null
            : generations[2].SizeAfterBytes + generations[3].SizeAfterBytes + generations[4].SizeAfterBytes;
        return new MemoryReading
        {
            Time = stats.Time,
            // Not stats.HeapSizeBytes, which includes free space: after a cache is trimmed, the large object heap (not
            // compacted by default) can keep tens of MB of free space that the program no longer holds.
            HeapSizeBytes = GC.GetTotalMemory(forceFullCollection: false),
            HeapAfterFullCollectionBytes = afterFull,
            FullCollections = GC.CollectionCount(2),
            Collections = stats.GcCount,
            GcPauseShare = stats.RecentPauseShare,
            AllocationBytesPerSecond = stats.AllocationRateBytesPerSecond,
            WorkingSetBytes = stats.WorkingSetBytes,
        };
    }
}

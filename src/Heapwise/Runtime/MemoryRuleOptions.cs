namespace Heapwise.Runtime;

/// <summary>
/// Thresholds of the memory rules. A <see langword="null"/> threshold turns its rule off; the defaults
/// suit a service that should stay well under 1 GB of heap, spend under a tenth of its time in GC pauses and
/// not leak. The leak rule is always on unless <see cref="LeakWindow"/> is zero.
/// </summary>
public sealed record MemoryRuleOptions
{
    /// <summary>The defaults.</summary>
    public static MemoryRuleOptions Default { get; } = new();

    /// <summary>The heap is too large above this many bytes. Default 1 GiB.</summary>
    public long? MaxHeapBytes { get; init; } = 1L << 30;

    /// <summary>GC pauses take too much time above this share of an interval (0 to 1). Default 0.10.</summary>
    public double? MaxGcPauseShare { get; init; } = 0.10;

    /// <summary>Allocation is too fast above this many bytes per second. Default off (workloads differ too much).</summary>
    public double? MaxAllocationBytesPerSecond { get; init; }

    /// <summary>
    /// The leak rule looks at the heap after each full collection over this window. Default 10 minutes;
    /// <see cref="TimeSpan.Zero"/> turns it off.
    /// </summary>
    public TimeSpan LeakWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Full collections the window must hold before the leak rule decides anything. Default 4.</summary>
    public int LeakMinFullCollections { get; init; } = 4;

    /// <summary>How much the heap after full collections must have grown over the window, as a share of its first value. Default 0.20.</summary>
    public double LeakMinGrowthShare { get; init; } = 0.20;

    /// <summary>...and in bytes, so that small heaps do not fire on noise. Default 16 MiB.</summary>
    public long LeakMinGrowthBytes { get; init; } = 16L << 20;
}

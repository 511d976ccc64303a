namespace Heapwise.Collection;

/// <summary>Which runtime event a recording asks for.</summary>
internal enum AllocationEventChoice
{
    /// <summary>.NET 10+: <c>AllocationSampled</c> (event 303), unbiased per-byte sampling.</summary>
    AllocationSampled,

    /// <summary>.NET 9 and older: <c>GCAllocationTick</c>, one event per ~100 KB, biased toward large objects.</summary>
    AllocationTick,

    /// <summary>Runtime version unknown: ask for both and use <c>AllocationSampled</c> if any arrive.</summary>
    Both,
}

/// <summary>Picks the allocation event for a runtime version.</summary>
internal static class AllocationEventSelector
{
    /// <summary>The first runtime version that has <c>AllocationSampled</c>.</summary>
    public static readonly Version FirstSampledVersion = new(10, 0);

    /// <summary>
    /// <c>AllocationSampled</c> from .NET 10 on, <c>GCAllocationTick</c> before, both when the version is unknown
    /// (single-file apps, processes whose modules we may not read): then the events that arrive decide.
    /// </summary>
    public static AllocationEventChoice Choose(Version? runtimeVersion) => runtimeVersion switch
    {
        null => AllocationEventChoice.Both,
        _ when runtimeVersion >= FirstSampledVersion => AllocationEventChoice.AllocationSampled,
        _ => AllocationEventChoice.AllocationTick,
    };
}

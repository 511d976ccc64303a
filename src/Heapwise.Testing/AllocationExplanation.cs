using Heapwise.Profiles;

namespace Heapwise.Testing;

/// <summary>
/// Where an operation's allocations come from, found by repeating it under the in-process allocation profiler:
/// what a failing allocation assertion prints.
/// </summary>
public sealed class AllocationExplanation
{
    internal AllocationExplanation(Profile? profile, IReadOnlyList<AllocationSite> sites, int runs, long allocatedBytes, long sampleCount, string? note)
    {
        Profile = profile;
        Sites = sites;
        Runs = runs;
        AllocatedBytes = allocatedBytes;
        SampleCount = sampleCount;
        Note = note;
    }

    /// <summary>The recorded profile (write it with <see cref="PprofWriter"/> to explore it), or <see langword="null"/> when profiling failed.</summary>
    public Profile? Profile { get; }

    /// <summary>The largest sites, largest first.</summary>
    public IReadOnlyList<AllocationSite> Sites { get; }

    /// <summary>How many times the operation ran under the profiler.</summary>
    public int Runs { get; }

    /// <summary>What those runs allocated, exactly (the same meter as the assertion).</summary>
    public long AllocatedBytes { get; }

    /// <summary>How many allocation events the runtime sampled during those runs.</summary>
    public long SampleCount { get; }

    /// <summary>Why there are no sites, or a caveat about them; <see langword="null"/> when there is nothing to add.</summary>
    public string? Note { get; }
}

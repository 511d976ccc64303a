using Heapwise.Profiles;

namespace Heapwise.Collection;

/// <summary>
/// The result of recording allocations: a pprof profile with sample types <c>alloc_objects</c>/count and
/// <c>alloc_space</c>/bytes (values already up-scaled to estimates of what was allocated), plus the facts a
/// reader needs to trust it.
/// </summary>
/// <remarks>
/// Each profile sample aggregates the allocation samples of one (stack, type, kind) and carries the labels
/// <c>type</c> (readable type name), <c>kind</c> (<c>small</c>, <c>large</c> or <c>pinned</c>), and the numeric labels
/// <c>bytes</c> (mean object size, unit bytes, the pprof convention for heap profiles) and <c>samples</c> (how many raw
/// events were aggregated), so raw counts stay re-derivable.
/// </remarks>
public sealed class AllocationRecording
{
    /// <summary>The profile; write it with <see cref="PprofWriter"/>.</summary>
    public required Profile Profile { get; init; }

    /// <summary>
    /// With <see cref="RecordingOptions.TrackLiveHeap"/>: a heap profile in Go's layout, sample types
    /// <c>alloc_objects</c>, <c>alloc_space</c>, <c>inuse_objects</c> and <c>inuse_space</c> (default), where the in-use
    /// values are the sampled objects alive at the end of the last GC, up-scaled like the allocations; otherwise
    /// <see langword="null"/>, as when the target's runtime cannot report sampled addresses (before .NET 10).
    /// </summary>
    public Profile? LiveProfile { get; init; }

    /// <summary>Raw allocation events used: <c>AllocationSampled</c> events, or <c>GCAllocationTick</c> events when <see cref="IsBiased"/>.</summary>
    public long SampleCount { get; init; }

    /// <summary>Events the runtime reported lost (buffers full); when not zero, the estimates are low.</summary>
    public long DroppedEvents { get; init; }

    /// <summary>
    /// <see langword="true"/> when the target's runtime (before .NET 10) has no <c>AllocationSampled</c> event and the
    /// biased <c>GCAllocationTick</c> event was used instead.
    /// </summary>
    public bool IsBiased { get; init; }

    /// <summary>The profile's comments: tool and version, target, sampling rate, dropped events, bias.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>What the live heap profile says about itself (also among its comments): what in use means, and what makes it unreliable; empty when it was not asked for.</summary>
    public IReadOnlyList<string> LiveNotes { get; init; } = [];

    /// <summary>How long the recording ran.</summary>
    public TimeSpan Duration { get; init; }
}

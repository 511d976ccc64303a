using Heapwise.Profiles;

namespace Heapwise.Collection;

/// <summary>
/// The result of sampling CPU: a pprof profile with sample types <c>samples</c>/count and <c>cpu</c>/nanoseconds
/// (default), period 1 ms of <c>cpu</c>/nanoseconds, the layout of Go's CPU profiles, plus the facts a reader needs.
/// </summary>
/// <remarks>
/// <c>samples</c> counts the sampler's samples flagged as running managed code. <c>cpu</c> is each thread's CPU time as
/// the OS measured it over the recording (Linux), spread over that thread's managed-flagged samples; where the OS
/// cannot tell, it is 1 ms per managed-flagged sample. The notes say which.
/// </remarks>
public sealed class CpuRecording
{
    /// <summary>The sampler's interval on .NET: one sample of every managed thread per millisecond.</summary>
    public static readonly TimeSpan SamplingInterval = TimeSpan.FromMilliseconds(1);

    /// <summary>The profile; write it with <see cref="PprofWriter"/>.</summary>
    public required Profile Profile { get; init; }

    /// <summary>Samples flagged as running managed code: the profile's <c>samples</c> values.</summary>
    public long SampleCount { get; init; }

    /// <summary>Samples flagged as outside managed code (waiting, sleeping, in native code).</summary>
    public long ExternalSamples { get; init; }

    /// <summary>Events the runtime reported lost (buffers full); when not zero, the figures are low.</summary>
    public long DroppedEvents { get; init; }

    /// <summary>The profile's comments: tool and version, target, sampling, what was left out.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>How long the recording ran.</summary>
    public TimeSpan Duration { get; init; }
}

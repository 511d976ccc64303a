using Heapwise.Profiles;

namespace Heapwise.Collection;

/// <summary>How an allocation recording runs: how long, and who hears about its progress.</summary>
public sealed record RecordingOptions
{
    /// <summary>How long to record; <see langword="null"/> records until the process exits or the recording is cancelled.</summary>
    public TimeSpan? Duration
    {
        get;
        init
        {
            if (value is { } d && d <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(value), d, "A recording duration must be positive.");
            }

            field = value;
        }
    }

    /// <summary>Receives a <see cref="RecordingProgress"/> about every 250 ms while recording, and once at the end.</summary>
    /// <remarks>Reports come from a timer thread, never from the thread that reads events.</remarks>
    public IProgress<RecordingProgress>? Progress { get; init; }

    /// <summary>
    /// Also follow the sampled objects through garbage collections and build <see cref="AllocationRecording.LiveProfile"/>:
    /// what is still alive, by allocation site. Costs the target a walk of the survivors in every GC.
    /// </summary>
    public bool TrackLiveHeap { get; init; }

    /// <summary>
    /// With <see cref="TrackLiveHeap"/> and <see cref="LiveProfileCaptured"/>: how often to build the live heap profile while
    /// recording goes on (at least 1 s: each one costs the target a method rundown). <see langword="null"/>: only at the end.
    /// </summary>
    public TimeSpan? LiveProfileInterval
    {
        get;
        init
        {
            if (value is { } interval && interval < MinimumLiveProfileInterval)
            {
                throw new ArgumentOutOfRangeException(nameof(value), interval, "A live profile interval must be at least 1 second.");
            }

            field = value;
        }
    }

    /// <summary>
    /// Receives the live heap profile every <see cref="LiveProfileInterval"/> while recording (from a thread-pool thread,
    /// one at a time, never after the recording has returned); the final one is <see cref="AllocationRecording.LiveProfile"/>.
    /// A capture that fails (the process exited meanwhile) is skipped.
    /// </summary>
    public Action<Profile>? LiveProfileCaptured { get; init; }

    /// <summary>The shortest <see cref="LiveProfileInterval"/>.</summary>
    public static TimeSpan MinimumLiveProfileInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Records until the process exits or the recording is cancelled, without progress reports.</summary>
    public static RecordingOptions Default { get; } = new();
}

using Heapwise.Profiles;

namespace Heapwise.Collection;

/// <summary>
/// Records the current process's allocations, the counterpart of Go's <c>pprof.WriteHeapProfile</c> for
/// allocations: <c>using var p = AllocationProfiler.Start(); …; await p.WriteAsync(stream);</c>.
/// </summary>
/// <remarks>
/// The profiler opens an EventPipe session on its own process and reads it on a dedicated background thread. That
/// thread's own allocations (parsing events) are left out by comparing each event's OS thread id with the reader
/// thread's; the notes say how many. Nothing the profiler does on its threads throws into the host's code: failures
/// become notes of the recording. Event callbacks never log or create EventSources, which could deadlock the
/// runtime (dotnet/runtime#1892).
/// </remarks>
public sealed class AllocationProfiler : IDisposable, IAsyncDisposable
{
    private readonly InProcessSession<AllocationRecording> _session;
    private readonly AllocationTraceContent _content;
    private readonly LiveProfileSchedule _liveProfiles;

    // The runtime's index of the last GC that had ended when recording started: later ones are the recording's to hear of.
    private readonly long _lastCollectionBeforeStart = GC.GetGCMemoryInfo(GCKind.Any).Index;

    private AllocationProfiler(InProcessSession<AllocationRecording> session, AllocationTraceContent content, LiveProfileSchedule liveProfiles)
    {
        _session = session;
        _content = content;
        _liveProfiles = liveProfiles;
    }

    /// <summary>Starts recording the current process's allocations until <see cref="Stop"/>.</summary>
    /// <exception cref="HeapwiseException">The runtime refuses the session, e.g. with DOTNET_EnableDiagnostics=0.</exception>
    public static AllocationProfiler Start() => Start(RecordingOptions.Default);

    /// <summary>
    /// Starts recording the current process's allocations, reporting progress to <see cref="RecordingOptions.Progress"/>,
    /// and following the live heap with <see cref="RecordingOptions.TrackLiveHeap"/> (see <see cref="CaptureLiveProfileAsync"/>).
    /// <see cref="RecordingOptions.Duration"/> is ignored: the profiler records until <see cref="Stop"/>.
    /// </summary>
    /// <exception cref="HeapwiseException">The runtime refuses the session, e.g. with DOTNET_EnableDiagnostics=0.</exception>
    public static AllocationProfiler Start(RecordingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = InProcessSession<AllocationRecording>.Settings() with { Progress = options.Progress, TrackLiveHeap = options.TrackLiveHeap };
        var content = new AllocationTraceContent(settings);
        var session = InProcessSession<AllocationRecording>.Start(settings, content);
        return new AllocationProfiler(session, content, LiveProfileSchedule.Start(session.Session, content, settings, options));
    }

    /// <summary>Events left out because the profiler's own reader thread allocated them.</summary>
    internal long ExcludedEvents => _content.ExcludedEvents;

    /// <summary>
    /// The live heap profile now, while recording goes on: the sampled objects alive at the end of the last GC, by
    /// allocation site, in Go's heap-profile layout (see <see cref="AllocationRecording.LiveProfile"/>), as in Go's
    /// <c>runtime.GC(); pprof.WriteHeapProfile(f)</c>. It reflects every GC that ended before the call (it waits up to
    /// 5 s for their events). Recording goes on; after <see cref="Stop"/> this returns the recording's own live profile.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for a capture already in progress.</param>
    /// <exception cref="InvalidOperationException">The profiler was not started with <see cref="RecordingOptions.TrackLiveHeap"/>.</exception>
    public async Task<Profile> CaptureLiveProfileAsync(CancellationToken cancellationToken = default)
    {
        if (!_content.TracksLiveHeap)
        {
            throw new InvalidOperationException("Start the profiler with RecordingOptions.TrackLiveHeap = true to capture live heap profiles.");
        }

        if (_session.Session.Completion.IsCompleted)
        {
            return Stop().LiveProfile!;
        }

        long lastEnded = GC.GetGCMemoryInfo(GCKind.Any).Index;
        return await _liveProfiles.CaptureAsync(lastEnded > _lastCollectionBeforeStart ? lastEnded : null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops recording (first call only; later calls return the same recording) and returns what was recorded.</summary>
    public AllocationRecording Stop()
    {
        _liveProfiles.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return _session.Stop();
    }

    /// <summary>Stops recording if still running and writes the profile, gzip-compressed pprof, to <paramref name="destination"/>.</summary>
    /// <param name="destination">Where the profile goes; left open.</param>
    /// <param name="cancellationToken">Cancels the write (not the stop, which is bounded).</param>
    public async Task WriteAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var recording = await Task.Run(Stop, cancellationToken).ConfigureAwait(false);
        await InProcessSession<AllocationRecording>.WriteAsync(recording.Profile, destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops recording if still running.</summary>
    public void Dispose() => Stop();

    /// <summary>Stops recording if still running, without blocking the calling thread.</summary>
    public ValueTask DisposeAsync() => new(Task.Run(Stop));
}

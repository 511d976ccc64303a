using Microsoft.Diagnostics.NETCore.Client;

namespace Heapwise.Collection;

/// <summary>
/// Records where a .NET process allocates, as an up-scaled pprof profile: attach to a running process, or start a
/// program under the recorder. For the current process use <see cref="AllocationProfiler"/>.
/// </summary>
/// <remarks>
/// .NET 10 and later targets are sampled with the runtime's <c>AllocationSampled</c> event (one sample per 100 KiB
/// allocated on average, unbiased); older targets fall back to <c>GCAllocationTick</c>, and the recording says it is
/// biased. See <see cref="AllocationRecording"/> for what the profile holds.
/// </remarks>
public static class AllocationRecorder
{
    /// <summary>
    /// Records the allocations of running process <paramref name="processId"/> until <see cref="RecordingOptions.Duration"/>
    /// elapses, <paramref name="cancellationToken"/> is cancelled, or the process exits. Cancellation ends the recording
    /// early and still returns a valid profile of what was recorded.
    /// </summary>
    /// <param name="processId">The id of a .NET process with diagnostics enabled.</param>
    /// <param name="options">How long to record and where to report progress.</param>
    /// <param name="cancellationToken">Ends the recording early.</param>
    /// <exception cref="HeapwiseException">The process does not exist, is not a .NET process, has diagnostics disabled, or may not be reached.</exception>
    public static Task<AllocationRecording> RecordAsync(int processId, RecordingOptions options, CancellationToken cancellationToken = default) =>
        RecordAsync(processId, options, adjust: null, cancellationToken);

    /// <summary>
    /// <see cref="RecordAsync(int, RecordingOptions, CancellationToken)"/> with the session settings adjusted, so tests on a
    /// .NET 10 machine can exercise the GCAllocationTick fallback and the dropped-events path for real.
    /// </summary>
    internal static async Task<AllocationRecording> RecordAsync(int processId, RecordingOptions options, Func<SessionSettings, SessionSettings>? adjust,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = SessionSettings.ForProcess(processId, options.Progress) with { TrackLiveHeap = options.TrackLiveHeap };
        settings = adjust?.Invoke(settings) ?? settings;
        var content = new AllocationTraceContent(settings);
        using var session = TraceSession<AllocationRecording>.Start(new DiagnosticsClient(processId), settings, content);
        return await ReadAsync(session, content, settings, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads a started <paramref name="session"/> until <see cref="RecordingOptions.Duration"/> elapses,
    /// <paramref name="cancellationToken"/> is cancelled, or the process exits, taking live profiles meanwhile when
    /// <paramref name="options"/> ask for them (none after this returns), and returns the recording.
    /// </summary>
    internal static async Task<AllocationRecording> ReadAsync(TraceSession<AllocationRecording> session, AllocationTraceContent content, SessionSettings settings,
        RecordingOptions options, CancellationToken cancellationToken)
    {
        await using var liveProfiles = LiveProfileSchedule.Start(session, content, settings, options);
        session.StartReading();
        await session.WaitAsync(options.Duration, cancellationToken).ConfigureAwait(false);
        await liveProfiles.DisposeAsync().ConfigureAwait(false);
        return await session.FinishAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Starts <paramref name="command"/> suspended at its first instruction, records it from there until it exits,
    /// and returns the recording with its exit code. Its standard input, output and error are the caller's (inherited,
    /// not redirected). When <see cref="RecordingOptions.Duration"/> elapses or <paramref name="cancellationToken"/> is
    /// cancelled first, recording stops and the program is ended (after a grace period of 5 s on cancellation, so a
    /// program that received the same Ctrl+C can exit by itself).
    /// </summary>
    /// <param name="command">A .NET program: an executable or apphost, <c>dotnet</c>, or a <c>.dll</c> (run with <c>dotnet</c>).</param>
    /// <param name="arguments">Its arguments, passed as they are (no shell parsing).</param>
    /// <param name="options">How long to record and where to report progress.</param>
    /// <param name="cancellationToken">Ends the recording and the program early.</param>
    /// <exception cref="HeapwiseException">The command cannot be started, or exited before a .NET runtime connected (not a .NET program).</exception>
    /// <exception cref="OperationCanceledException">Cancelled before the program's runtime connected; the program was ended.</exception>
    public static Task<LaunchedRecording> RunAsync(string command, IReadOnlyList<string> arguments, RecordingOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(options);
        return ChildProcessRecorder.RunAsync(command, arguments, options, cancellationToken);
    }
}

using Microsoft.Diagnostics.NETCore.Client;

namespace Heapwise.Collection;

/// <summary>
/// Samples where threads of a .NET process spend CPU, the counterpart of Go's <c>pprof.StartCPUProfile</c>: in this
/// process with <c>using var p = CpuProfiler.Start(); …; await p.WriteAsync(stream);</c>, or another process with
/// <see cref="RecordAsync"/>. The profile has Go's sample types <c>samples</c>/count and <c>cpu</c>/nanoseconds.
/// </summary>
/// <remarks>
/// .NET's sampler (EventPipe provider <c>Microsoft-DotNETCore-SampleProfiler</c>) suspends the runtime once per
/// millisecond and takes the stack of every managed thread, running or waiting, with a flag saying whether it was in
/// managed code. That flag proved unreliable on .NET 10 (waiting thread-pool threads flagged as running, a busy loop
/// mostly flagged as waiting), so on Linux each thread's CPU time comes from the OS (<c>/proc</c>) and the samples only
/// say where in the thread it went (see <see cref="CpuRecording"/>). Native threads the runtime does not know (the
/// JIT's background compiler, the GC's threads) are not sampled. In-process, Heapwise's own reader threads are left out.
/// </remarks>
public sealed class CpuProfiler : IDisposable, IAsyncDisposable
{
    private readonly InProcessSession<CpuRecording> _session;

    private CpuProfiler(InProcessSession<CpuRecording> session) => _session = session;

    /// <summary>Starts sampling the current process until <see cref="Stop"/>.</summary>
    /// <exception cref="HeapwiseException">The runtime refuses the session, e.g. with DOTNET_EnableDiagnostics=0.</exception>
    public static CpuProfiler Start()
    {
        var settings = InProcessSession<CpuRecording>.Settings();
        return new CpuProfiler(InProcessSession<CpuRecording>.Start(settings, new CpuTraceContent(settings)));
    }

    /// <summary>
    /// Samples running process <paramref name="processId"/> until <see cref="RecordingOptions.Duration"/> elapses,
    /// <paramref name="cancellationToken"/> is cancelled (the recording so far is returned), or the process exits.
    /// </summary>
    /// <exception cref="HeapwiseException">The process does not exist, is not a .NET process, or may not be reached.</exception>
    public static Task<CpuRecording> RecordAsync(int processId, RecordingOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = SessionSettings.ForProcess(processId, options.Progress);
        return TraceSession<CpuRecording>.RecordAsync(new DiagnosticsClient(processId), settings, new CpuTraceContent(settings), options.Duration, cancellationToken);
    }

    /// <summary>Stops sampling (first call only; later calls return the same recording) and returns what was recorded.</summary>
    public CpuRecording Stop() => _session.Stop();

    /// <summary>Stops sampling if still running and writes the profile, gzip-compressed pprof, to <paramref name="destination"/>.</summary>
    /// <param name="destination">Where the profile goes; left open.</param>
    /// <param name="cancellationToken">Cancels the write (not the stop, which is bounded).</param>
    public async Task WriteAsync(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var recording = await Task.Run(Stop, cancellationToken).ConfigureAwait(false);
        await InProcessSession<CpuRecording>.WriteAsync(recording.Profile, destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops sampling if still running.</summary>
    public void Dispose() => Stop();

    /// <summary>Stops sampling if still running, without blocking the calling thread.</summary>
    public ValueTask DisposeAsync() => new(Task.Run(Stop));
}

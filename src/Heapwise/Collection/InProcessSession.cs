using Heapwise.Profiles;
using Microsoft.Diagnostics.NETCore.Client;

namespace Heapwise.Collection;

/// <summary>
/// A <see cref="TraceSession{TResult}"/> on the current process that is stopped once: what the in-process profilers
/// (<see cref="AllocationProfiler"/>, <see cref="CpuProfiler"/>) share.
/// </summary>
/// <typeparam name="TResult">What the session produces.</typeparam>
internal sealed class InProcessSession<TResult>
    where TResult : class
{
    private readonly TraceSession<TResult> _session;
    private readonly Lock _gate = new();
    private TResult? _result;

    private InProcessSession(TraceSession<TResult> session) => _session = session;

    /// <summary>The session, for captures taken while it runs.</summary>
    public TraceSession<TResult> Session => _session;

    /// <summary>Settings for a session on this process, its reader threads left out.</summary>
    public static SessionSettings Settings()
    {
        int processId = Environment.ProcessId;
        return new SessionSettings(processId, $"this process ({processId}, {AppDomain.CurrentDomain.FriendlyName})",
            AllocationEventSelector.Choose(Environment.Version), Environment.Version, ExcludeReaderThread: true, Progress: null);
    }

    /// <summary>Starts the session with <paramref name="content"/> and starts reading it.</summary>
    /// <exception cref="HeapwiseException">The runtime refuses the session, e.g. with DOTNET_EnableDiagnostics=0.</exception>
    public static InProcessSession<TResult> Start(SessionSettings settings, ITraceContent<TResult> content)
    {
        var session = TraceSession<TResult>.Start(new DiagnosticsClient(settings.ProcessId), settings, content);
        session.StartReading();
        return new InProcessSession<TResult>(session);
    }

    /// <summary>Stops (first call only; later calls return the same result) and returns what was recorded.</summary>
    public TResult Stop()
    {
        lock (_gate)
        {
            if (_result is null)
            {
                _result = _session.Finish();
                _session.Dispose();
            }

            return _result;
        }
    }

    /// <summary>Encodes <paramref name="profile"/> as gzip pprof in memory, then copies it to <paramref name="destination"/> asynchronously (it may be a network stream).</summary>
    public static async Task WriteAsync(Profile profile, Stream destination, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        PprofWriter.Write(profile, buffer);
        buffer.Position = 0;
        await buffer.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }
}

using System.Diagnostics;
using System.Diagnostics.Tracing;
using Heapwise.Profiles;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace Heapwise.Collection;

/// <summary>
/// One EventPipe session recording allocations of one process: starts it, reads it on a dedicated thread,
/// stops it, and turns what it read into an <see cref="AllocationRecording"/>. All waits are bounded and the
/// session is always stopped, so a failing recording never leaves the target with a session attached.
/// </summary>
/// <remarks>
/// The session asks for the allocation event plus the Loader, Jit and JittedMethodILToNativeMap keywords
/// (Verbose), so methods compiled while recording are known with their IL maps, and for the rundown at the end,
/// which names every method then in memory (what ran before the session started, and ReadyToRun code).
/// Stacks are therefore resolved when the stream ends rather than as events arrive; TraceLog only interns them.
/// </remarks>
internal sealed class AllocationSession : IDisposable
{
    /// <summary>How long a stop (rundown included) may take before the stream is closed on our side.</summary>
    internal static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    private readonly EventPipeSession _session;
    private readonly SessionSettings _settings;
    private readonly AllocationEventCollector _collector = new();
    private readonly CodeMap _codeMap = new();
    private readonly TaskCompletionSource _readerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private readonly Lock _gate = new();
    private Timer? _progressTimer;
    private Func<long>? _droppedEvents;
    private AllocationRecording? _recording;
    private int _stopRequested;
    private int _disposed;

    private AllocationSession(EventPipeSession session, SessionSettings settings)
    {
        _session = session;
        _settings = settings;
    }

    /// <summary>Completes when the event stream has ended and the recording is built.</summary>
    public Task Completion => _readerDone.Task;

    /// <summary>Starts a session on the process behind <paramref name="client"/>.</summary>
    /// <exception cref="HeapwiseException">The process cannot be reached or refuses the session; the message says why.</exception>
    public static AllocationSession Start(DiagnosticsClient client, SessionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(client);
        long keywords = (long)(ClrTraceEventParser.Keywords.Loader | ClrTraceEventParser.Keywords.Jit | ClrTraceEventParser.Keywords.JittedMethodILToNativeMap);
        if (settings.Choice != AllocationEventChoice.AllocationTick)
        {
            keywords |= (long)ClrTraceEventParser.Keywords.AllocationSampling;
        }

        if (settings.Choice != AllocationEventChoice.AllocationSampled)
        {
            keywords |= (long)ClrTraceEventParser.Keywords.GC;
        }

        var providers = new[] { new EventPipeProvider(ClrTraceEventParser.ProviderName, EventLevel.Verbose, keywords) };
        try
        {
            var session = client.StartEventPipeSession(providers, requestRundown: true, circularBufferMB: settings.BufferMegabytes);
            return new AllocationSession(session, settings);
        }
        catch (Exception e) when (e is ServerNotAvailableException or UnsupportedCommandException or UnsupportedProtocolException
            or ServerErrorException or UnauthorizedAccessException or IOException or TimeoutException)
        {
            throw SessionErrors.CannotStart(settings.ProcessId, e);
        }
    }

    /// <summary>Starts reading events on a dedicated background thread, and the progress timer.</summary>
    public void StartReading()
    {
        var reader = new Thread(Read) { IsBackground = true, Name = "Heapwise allocation events" };
        reader.Start();
        if (_settings.Progress is not null)
        {
            _progressTimer = new Timer(_ => ReportProgress(), null, ProgressInterval, ProgressInterval);
        }
    }

    /// <summary>Waits until the stream ends by itself (the process exited), <paramref name="duration"/> elapses, or cancellation.</summary>
    public async Task WaitAsync(TimeSpan? duration, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (duration is { } d)
        {
            stop.CancelAfter(d);
        }

        await Completion.WaitAsync(stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Asks the runtime to stop the session (it then sends the rundown and ends the stream). Idempotent, never blocks.</summary>
    public void RequestStop()
    {
        if (Interlocked.Exchange(ref _stopRequested, 1) != 0 || Completion.IsCompleted)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                using var timeout = new CancellationTokenSource(StopTimeout);
                await _session.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ServerNotAvailableException or ServerErrorException
                or TimeoutException or ObjectDisposedException or UnsupportedCommandException)
            {
                // The process is gone (its stream ends by itself) or did not answer: closing our end ends the reader.
                if (!await WaitForReaderAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false))
                {
                    CloseStream();
                }
            }
        });
    }

    /// <summary>Stops if needed and returns the recording; waits at most about <see cref="StopTimeout"/> plus a few seconds.</summary>
    public async Task<AllocationRecording> FinishAsync()
    {
        RequestStop();
        if (!await WaitForReaderAsync(StopTimeout + TimeSpan.FromSeconds(5)).ConfigureAwait(false))
        {
            CloseStream();
            await WaitForReaderAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }

        return Complete();
    }

    /// <summary>Synchronous <see cref="FinishAsync"/> for <see cref="AllocationProfiler.Stop"/>; blocks on no context.</summary>
    public AllocationRecording Finish()
    {
        RequestStop();
        if (!Completion.Wait(StopTimeout + TimeSpan.FromSeconds(5)))
        {
            CloseStream();
            Completion.Wait(TimeSpan.FromSeconds(5));
        }

        return Complete();
    }

    /// <summary>Stops the session if still running, bounded, and releases it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (!Completion.IsCompleted)
        {
            RequestStop();
            if (!Completion.Wait(StopTimeout))
            {
                CloseStream();
            }
        }

        _progressTimer?.Dispose();
        _session.Dispose();
    }

    private async Task<bool> WaitForReaderAsync(TimeSpan timeout)
    {
        await Completion.WaitAsync(timeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return Completion.IsCompleted;
    }

    private void CloseStream()
    {
        try
        {
            _session.EventStream.Dispose();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Already closed.
        }
    }

    private AllocationRecording Complete()
    {
        _progressTimer?.Dispose();
        ReportProgress();
        lock (_gate)
        {
            // The reader did not finish even after its stream was closed: report that rather than hang.
            _recording ??= BuildRecording(log: null, failure: "the event stream did not end in time; the profile is empty.");
            return _recording;
        }
    }

    private void Read()
    {
        string? failure = null;
        TraceLogEventSource? source = null;
        int? readerThreadId = null;
        try
        {
            if (_settings.ExcludeReaderThread)
            {
                readerThreadId = ProfilerThreads.RegisterCurrent();
                _collector.ExcludedThreadId = readerThreadId;
            }

            if (_settings.ReadDelay > TimeSpan.Zero)
            {
                Thread.Sleep(_settings.ReadDelay);
            }

            // None: no separate rundown session at the start; the rundown at the end of this session names every method.
            source = TraceLog.CreateFromEventPipeSession(_session, TraceLog.EventPipeRundownConfiguration.None());
            _droppedEvents = EventPipeDropCounter.For(source.TraceLog);
            _codeMap.Attach(source);
            _collector.Attach(source, _settings.Choice);
            source.Process();
        }
#pragma warning disable CA1031 // The reader thread must not throw: it would take the host process down.
        catch (Exception e)
        {
            // A stream we closed ourselves while stopping ends with one of these: that is an ordinary end.
            bool closedByUs = Volatile.Read(ref _stopRequested) != 0 && e is IOException or ObjectDisposedException or EndOfStreamException;
            failure = closedByUs ? null : $"{e.GetType().Name}: {e.Message}";
        }

        try
        {
            lock (_gate)
            {
                _recording ??= BuildRecording(source?.TraceLog, failure);
            }
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _recording ??= BuildRecording(log: null, failure: $"building the profile failed: {e.GetType().Name}: {e.Message}");
            }
        }
        finally
        {
            try
            {
                source?.Dispose();
            }
            catch (Exception)
            {
                // Releasing the source must not take the host down either.
            }

            ProfilerThreads.Unregister(readerThreadId);
            _readerDone.TrySetResult();
        }
#pragma warning restore CA1031
    }

    private AllocationRecording BuildRecording(TraceLog? log, string? failure)
    {
        long? dropped = _droppedEvents?.Invoke();
        var notes = RecordingNotes.Compose(_settings, _collector, dropped, failure);
        var duration = _clock.Elapsed;
        Profile profile;
        if (log is null)
        {
            var empty = new ProfileBuilder(("alloc_objects", "count"), ("alloc_space", "bytes"))
                .Period("space", "bytes", AllocationSampleScaler.SamplingDistance).DefaultSampleType("alloc_space").Time(_started, duration);
            notes.ForEach(n => empty.Comment(n));
            profile = empty.Build();
        }
        else
        {
            using var builder = new AllocationProfileBuilder(log, _codeMap);
            profile = builder.Build(_collector.Totals, notes, _started, duration);
        }

        return new AllocationRecording
        {
            Profile = profile,
            SampleCount = _collector.EventCount,
            DroppedEvents = dropped ?? 0,
            IsBiased = _collector.UsesTicks,
            Notes = notes,
            Duration = duration,
        };
    }

    /// <summary>Events left out as the profiler's own.</summary>
    internal long ExcludedEvents => _collector.ExcludedCount;

    private void ReportProgress()
    {
        if (_settings.Progress is not { } progress)
        {
            return;
        }

        try
        {
            progress.Report(new RecordingProgress(_clock.Elapsed, _collector.EventCount, (long)_collector.EstimatedBytes, _droppedEvents?.Invoke() ?? 0));
        }
#pragma warning disable CA1031 // A throwing progress handler must not crash the process from a timer thread.
        catch (Exception)
#pragma warning restore CA1031
        {
            // The caller's handler failed; recording goes on.
        }
    }
}

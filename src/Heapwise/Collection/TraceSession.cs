using System.Diagnostics;
using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace Heapwise.Collection;

/// <summary>
/// One EventPipe session on one process: starts it, reads it on a dedicated thread, stops it, and hands what it
/// read to its <see cref="ITraceContent{TResult}"/> (allocations, CPU samples, thread stacks), which builds the
/// result. All waits are bounded and the session is always stopped, so a failing recording never leaves the
/// target with a session attached.
/// </summary>
/// <remarks>
/// The session asks for the content's events plus the Loader, Jit and JittedMethodILToNativeMap keywords
/// (Verbose), so methods compiled while recording are known with their IL maps, and for the rundown at the end,
/// which names every method then in memory (what ran before the session started, and ReadyToRun code).
/// Stacks are therefore resolved when the stream ends rather than as events arrive; TraceLog only interns them.
/// </remarks>
/// <typeparam name="TResult">What the session produces, e.g. <see cref="AllocationRecording"/>.</typeparam>
internal sealed class TraceSession<TResult> : IDisposable
    where TResult : class
{
    /// <summary>How long a stop (rundown included) may take before the stream is closed on our side.</summary>
    internal static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    private readonly EventPipeSession _session;
    private readonly DiagnosticsClient _client;
    private readonly SessionSettings _settings;
    private readonly ITraceContent<TResult> _content;
    private readonly CodeMap _codeMap = new();
    private readonly TaskCompletionSource _readerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    private readonly Lock _gate = new();
    private Timer? _progressTimer;
    private Func<long>? _droppedEvents;
    private TResult? _recording;
    private int _stopRequested;
    private int _disposed;

    private TraceSession(EventPipeSession session, DiagnosticsClient client, SessionSettings settings, ITraceContent<TResult> content)
    {
        _session = session;
        _client = client;
        _settings = settings;
        _content = content;
    }

    /// <summary>Completes when the event stream has ended and the recording is built.</summary>
    public Task Completion => _readerDone.Task;

    /// <summary>The client the session was started through, for other sessions on the same process (e.g. a method rundown).</summary>
    public DiagnosticsClient Client => _client;

    /// <summary>When the session started.</summary>
    public DateTimeOffset Started => _started;

    /// <summary>How long the session has run.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Events the runtime reported lost so far, or <see langword="null"/> when they cannot be counted (yet).</summary>
    public long? DroppedEvents => _droppedEvents?.Invoke();

    /// <summary>Starts a session on the process behind <paramref name="client"/>, asking for what <paramref name="content"/> needs.</summary>
    /// <exception cref="HeapwiseException">The process cannot be reached or refuses the session; the message says why.</exception>
    public static TraceSession<TResult> Start(DiagnosticsClient client, SessionSettings settings, ITraceContent<TResult> content)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(content);
        long keywords = (long)(ClrTraceEventParser.Keywords.Loader | ClrTraceEventParser.Keywords.Jit | ClrTraceEventParser.Keywords.JittedMethodILToNativeMap)
            | content.RuntimeKeywords;
        var providers = new List<EventPipeProvider> { new(ClrTraceEventParser.ProviderName, EventLevel.Verbose, keywords) };
        providers.AddRange(content.OtherProviders);
        try
        {
            var session = client.StartEventPipeSession(providers, requestRundown: true, circularBufferMB: settings.BufferMegabytes);
            return new TraceSession<TResult>(session, client, settings, content);
        }
        catch (Exception e) when (e is ServerNotAvailableException or UnsupportedCommandException or UnsupportedProtocolException
            or ServerErrorException or UnauthorizedAccessException or IOException or TimeoutException)
        {
            throw SessionErrors.CannotStart(settings.ProcessId, e);
        }
    }

    /// <summary>
    /// Records until <paramref name="duration"/> elapses, <paramref name="cancellationToken"/> is cancelled, or the
    /// process exits, and returns the result (cancellation still returns what was recorded).
    /// </summary>
    /// <exception cref="HeapwiseException">The process cannot be reached or refuses the session.</exception>
    public static async Task<TResult> RecordAsync(DiagnosticsClient client, SessionSettings settings, ITraceContent<TResult> content, TimeSpan? duration,
        CancellationToken cancellationToken)
    {
        using var session = Start(client, settings, content);
        session.StartReading();
        await session.WaitAsync(duration, cancellationToken).ConfigureAwait(false);
        return await session.FinishAsync().ConfigureAwait(false);
    }

    /// <summary>Starts reading events on a dedicated background thread, and the progress timer.</summary>
    public void StartReading()
    {
        var reader = new Thread(Read) { IsBackground = true, Name = _content.ReaderThreadName };
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

        _content.StopRequested();

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
    public async Task<TResult> FinishAsync()
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
    public TResult Finish()
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

    private TResult Complete()
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
            // Listed whatever it reads: what it allocates here is Heapwise's, which in-process recordings leave out.
            readerThreadId = ProfilerThreads.RegisterCurrent();
            if (_settings.ExcludeReaderThread)
            {
                _content.ExcludedThreadId = readerThreadId;
            }

            if (_settings.ReadDelay > TimeSpan.Zero)
            {
                Thread.Sleep(_settings.ReadDelay);
            }

            // None: no separate rundown session at the start; the rundown at the end of this session names every method.
            source = TraceLog.CreateFromEventPipeSession(_session, TraceLog.EventPipeRundownConfiguration.None());
            _droppedEvents = EventPipeDropCounter.For(source.TraceLog);
            _codeMap.Attach(source);
            _content.Attach(source);
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

    private TResult BuildRecording(TraceLog? log, string? failure) =>
        _content.Build(new TraceOutcome(log, _codeMap, _droppedEvents?.Invoke(), failure, _started, _clock.Elapsed));


    private void ReportProgress()
    {
        if (_settings.Progress is not { } progress)
        {
            return;
        }

        try
        {
            progress.Report(_content.Progress(_clock.Elapsed, _droppedEvents?.Invoke() ?? 0));
        }
#pragma warning disable CA1031 // A throwing progress handler must not crash the process from a timer thread.
        catch (Exception)
#pragma warning restore CA1031
        {
            // The caller's handler failed; recording goes on.
        }
    }
}

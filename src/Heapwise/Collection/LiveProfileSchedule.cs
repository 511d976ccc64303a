using System.Diagnostics;
using Heapwise.Profiles;

namespace Heapwise.Collection;

/// <summary>
/// Builds the live heap profile of a running allocation recording on demand, or every
/// <see cref="RecordingOptions.LiveProfileInterval"/> for <see cref="RecordingOptions.LiveProfileCaptured"/>: a method
/// rundown names the frames, then the tracker's state of the moment is turned into a profile. Never throws into a
/// timer: a failed capture is skipped and the next one tried.
/// </summary>
internal sealed class LiveProfileSchedule : IAsyncDisposable
{
    private readonly TraceSession<AllocationRecording> _session;
    private readonly AllocationTraceContent _content;
    private readonly SessionSettings _settings;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    /// <summary>How long a capture waits for the end of a GC to be read before it goes on with what it has.</summary>
    private static readonly TimeSpan CollectionWait = TimeSpan.FromSeconds(5);

    private readonly Task _loop;
    private int _disposed;

    private LiveProfileSchedule(TraceSession<AllocationRecording> session, AllocationTraceContent content, SessionSettings settings, RecordingOptions options)
    {
        _session = session;
        _content = content;
        _settings = settings;
        _loop = options is { LiveProfileInterval: { } interval, LiveProfileCaptured: { } captured } && content.TracksLiveHeap
            ? Task.Run(() => RepeatAsync(interval, captured))
            : Task.CompletedTask;
    }

    /// <summary>Starts capturing every <see cref="RecordingOptions.LiveProfileInterval"/> when <paramref name="options"/> ask for it; otherwise only on demand.</summary>
    public static LiveProfileSchedule Start(TraceSession<AllocationRecording> session, AllocationTraceContent content, SessionSettings settings, RecordingOptions options) =>
        new(session, content, settings, options);

    /// <summary>
    /// The live heap profile as it stands now (one capture at a time). With <paramref name="collection"/>, first waits
    /// (at most <see cref="CollectionWait"/>) until the end of that GC has been read, since events arrive a little late.
    /// </summary>
    /// <exception cref="InvalidOperationException">The recording does not follow the live heap.</exception>
    /// <exception cref="HeapwiseException">The process can no longer be reached for the method rundown.</exception>
    public async Task<Profile> CaptureAsync(long? collection, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The rundown first: every method of every stack the snapshot then holds is in memory and named by it.
            var codeMap = await MethodRundown.ReadAsync(_session.Client, _settings).ConfigureAwait(false);
            var waited = Stopwatch.StartNew();
            while (collection > _content.LastCollectionEnded && waited.Elapsed < CollectionWait && !_session.Completion.IsCompleted)
            {
                await Task.Delay(10, cancellationToken).ConfigureAwait(false);
            }

            return _content.LiveProfileNow(codeMap, _session.Started, _session.Elapsed, _session.DroppedEvents);
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Stops the periodic captures and waits for one in progress, so none is handed over after the recording's own.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        _oneAtATime.Dispose();
    }

    private async Task RepeatAsync(TimeSpan interval, Action<Profile> captured)
    {
        using var timer = new PeriodicTimer(interval);
        while (await NextTickAsync(timer).ConfigureAwait(false))
        {
            if (_session.Completion.IsCompleted || !_content.TracksLiveHeap)
            {
                // Ended, or the target sends no sampled addresses (before .NET 10): nothing to capture.
                continue;
            }

            try
            {
                var profile = await CaptureAsync(collection: null, _stop.Token).ConfigureAwait(false);
                if (!_stop.IsCancellationRequested)
                {
                    captured(profile);
                }
            }
#pragma warning disable CA1031 // A failed capture (process gone, a throwing callback) must not end the recording; the final profile still comes.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    private async Task<bool> NextTickAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

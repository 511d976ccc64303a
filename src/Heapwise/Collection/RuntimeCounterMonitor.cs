using System.Diagnostics.Tracing;
using System.Globalization;
using System.Threading.Channels;
using Heapwise.Runtime;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace Heapwise.Collection;

/// <summary>
/// Reads a running .NET process's GC and allocation figures from the runtime's own counters
/// (<c>System.Runtime</c> EventCounters, as <c>dotnet-counters</c> shows them) over EventPipe, one
/// <see cref="MemoryReading"/> per interval. Cheap enough to leave on: the runtime samples its counters
/// once per interval and sends a few dozen events.
/// </summary>
public sealed class RuntimeCounterMonitor : IAsyncDisposable
{
    private const string Provider = "System.Runtime";

    // The counters used, by the names the runtime publishes. Increment counters report the change over
    // the interval, mean counters the value.
    private static readonly string[] Required = ["gc-heap-size", "gen-0-gc-count", "gen-1-gc-count", "gen-2-gc-count", "alloc-rate"];

    private readonly EventPipeSession _session;
    private readonly EventPipeEventSource _source;
    private readonly Channel<MemoryReading> _readings = Channel.CreateUnbounded<MemoryReading>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, double> _interval = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _processing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeSpan _period;
    private long _fullCollections;
    private long _collections;

    private RuntimeCounterMonitor(EventPipeSession session, TimeSpan period)
    {
        _session = session;
        _period = period;
        _source = new EventPipeEventSource(session.EventStream);
        _source.Dynamic.All += OnEvent;
        // A thread of its own, never a thread-pool thread: it is listed as Heapwise's reader (see Process), and a pool
        // thread would go back to running the program's code while still listed, which recordings would then leave out.
        new Thread(Process) { IsBackground = true, Name = "Heapwise runtime counters" }.Start();
    }

    /// <summary>Starts reading the counters of process <paramref name="processId"/> every <paramref name="interval"/> (whole seconds, at least 1).</summary>
    /// <exception cref="HeapwiseException">The process does not exist, is not .NET, or refuses the session.</exception>
    public static RuntimeCounterMonitor Start(int processId, TimeSpan interval)
    {
        TargetProcess.Describe(processId); // a clear error for a process that does not exist
        int seconds = Math.Max(1, (int)Math.Round(interval.TotalSeconds));
        var provider = new EventPipeProvider(Provider, EventLevel.Informational, long.MaxValue,
            new Dictionary<string, string> { ["EventCounterIntervalSec"] = seconds.ToString(CultureInfo.InvariantCulture) });
        try
        {
            var session = new DiagnosticsClient(processId).StartEventPipeSession([provider], requestRundown: false, circularBufferMB: 16);
            return new RuntimeCounterMonitor(session, TimeSpan.FromSeconds(seconds));
        }
        catch (Exception e) when (e is not HeapwiseException)
        {
            throw SessionErrors.CannotStart(processId, e);
        }
    }

    /// <summary>The readings as they come, until the process exits or <paramref name="cancellationToken"/> is cancelled.</summary>
    public IAsyncEnumerable<MemoryReading> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _readings.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Stops the session and waits for its reader to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _session.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ServerNotAvailableException or IOException or TimeoutException or EndOfStreamException)
        {
            // The process is gone: there is nothing left to stop.
        }

        await _processing.Task.ConfigureAwait(false);
        _source.Dispose();
        _session.Dispose();
    }

    private void Process()
    {
        // An in-process recording running at the same time leaves this thread out.
        int? ownId = ProfilerThreads.RegisterCurrent();
        try
        {
            _source.Process();
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or ObjectDisposedException)
        {
            // The process exited or the session was stopped: the readings end here.
        }
#pragma warning disable CA1031 // Not on this thread, where it would end the process: it surfaces where the monitor is disposed.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _processing.TrySetException(e);
        }
        finally
        {
            ProfilerThreads.Unregister(ownId);
            _readings.Writer.TryComplete();
            _processing.TrySetResult();
        }
    }

    private void OnEvent(TraceEvent data)
    {
        if (data.EventName != "EventCounters" || data.PayloadValue(0) is not IDictionary<string, object> outer
            || outer.TryGetValue("Payload", out object? inner) is false || inner is not IDictionary<string, object> payload
            || payload.TryGetValue("Name", out object? nameValue) is false || nameValue is not string name)
        {
            return;
        }

        // Counters come in the same order every interval: seeing one again means the last interval is complete.
        if (_interval.ContainsKey(name))
        {
            Publish(data.TimeStamp);
        }

        object? value = payload.TryGetValue("Increment", out object? increment) ? increment
            : payload.TryGetValue("Mean", out object? mean) ? mean : null;
        if (value is not null)
        {
            _interval[name] = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        }
    }

    private void Publish(DateTime time)
    {
        if (Required.All(_interval.ContainsKey))
        {
            long fullCollections = (long)_interval["gen-2-gc-count"];
            _fullCollections += fullCollections;
            _collections += (long)(_interval["gen-0-gc-count"] + _interval["gen-1-gc-count"]) + fullCollections;
            double seconds = _period.TotalSeconds;
            _readings.Writer.TryWrite(new MemoryReading
            {
                Time = new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero),
                HeapSizeBytes = (long)(_interval["gc-heap-size"] * 1_000_000), // published in MB
                HeapAfterFullCollectionBytes = Sum("gen-2-size", "loh-size", "poh-size"),
                FullCollections = _fullCollections,
                Collections = _collections,
                GcPauseShare = _interval.TryGetValue("total-pause-time-by-gc", out double pausedMs) ? Math.Min(1, pausedMs / 1000 / seconds) : 0,
                AllocationBytesPerSecond = _interval["alloc-rate"] / seconds,
                WorkingSetBytes = _interval.TryGetValue("working-set", out double workingSetMb) ? (long)(workingSetMb * 1_000_000) : null,
            });
        }

        _interval.Clear();
    }

    // Sizes the GC published as of its last collection; null when the runtime does not publish them.
    private long? Sum(params string[] names) =>
        names.All(_interval.ContainsKey) ? (long)names.Sum(n => _interval[n]) : null;
}

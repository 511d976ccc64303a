using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using Heapwise.Collection;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace Heapwise.Heap;

/// <summary>
/// Takes heap snapshots of running .NET processes through the runtime's own heap-dump events over EventPipe, as
/// dotnet-gcdump does: the session's keywords make the runtime run a blocking gen-2 GC and send every live object,
/// reference and root while the process is suspended. No debugger, no ptrace; the process goes on afterwards.
/// </summary>
public static class HeapSnapshotter
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(1.5);

    /// <summary>Takes a snapshot of process <paramref name="processId"/> (which may be the calling process itself).</summary>
    /// <exception cref="HeapwiseException">
    /// The process does not exist, is not a .NET process, exited during the snapshot, or the runtime did not send a heap walk in time.
    /// </exception>
    public static async Task<HeapSnapshot> TakeAsync(int processId, HeapSnapshotOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= HeapSnapshotOptions.Default;
        string description = TargetProcess.Describe(processId);
        var clock = Stopwatch.StartNew();
        for (int attempt = 0; ; attempt++)
        {
            var snapshot = await Task.Run(() => TakeOnce(processId, description, options, clock, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (snapshot.Info.IsComplete || attempt >= options.Retries)
            {
                return snapshot;
            }
        }
    }

    private static HeapSnapshot TakeOnce(int processId, string description, HeapSnapshotOptions options, Stopwatch clock, CancellationToken cancellationToken)
    {
        var client = new DiagnosticsClient(processId);
        var taken = DateTimeOffset.UtcNow;
        using var session = StartSession(client, processId, options);
        var collector = new HeapEventCollector();
        var source = new EventPipeEventSource(session.EventStream);
        string? readFailure = null;
        var reader = new Thread(() =>
        {
            try
            {
                collector.Attach(source);
                source.Process();
            }
#pragma warning disable CA1031 // The reader thread must not throw: it would take the host process down.
            catch (Exception e)
#pragma warning restore CA1031
            {
                readFailure = $"{e.GetType().Name}: {e.Message}";
            }
        })
        { IsBackground = true, Name = "Heapwise heap snapshot events" };
        reader.Start();

        try
        {
            WaitForDump(collector, reader, options, cancellationToken);
        }
        finally
        {
            Stop(session, reader);
        }

        long dropped = source.EventsLost;
        source.Dispose();
        if (!collector.Completed)
        {
            if (!IsRunning(processId))
            {
                throw new HeapwiseException($"Process {processId} exited during the heap snapshot: take the snapshot of a process that keeps running.");
            }

            cancellationToken.ThrowIfCancellationRequested();
            string why = readFailure is null ? string.Empty : $" ({readFailure})";
            throw new HeapwiseException(collector.Started
                ? $"The heap walk of process {processId} did not finish within {GoDurationText(options.Timeout)}{why}: try again with a longer timeout."
                : $"Process {processId} did not start the heap snapshot's garbage collection within {GoDurationText(StartTimeout)}{why}: the runtime starts it on the finalizer thread, so check that no finalizer is blocked and try again.");
        }

        var problems = new List<string>();
        if (dropped > 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"the runtime dropped {dropped:N0} events (its buffer was full)"));
        }

        var info = new HeapSnapshotInfo
        {
            ProcessId = processId,
            ProcessDescription = description,
            TakenAt = taken,
            TargetPause = collector.Pause ?? TimeSpan.Zero,
            DroppedEvents = dropped,
        };
        var snapshot = HeapGraphBuilder.Build(collector, info, problems);
        return new HeapSnapshot(snapshot.Info with { Duration = clock.Elapsed }, snapshot.Addresses, snapshot.Sizes, snapshot.Types, snapshot.Generations,
            snapshot.EdgeStarts, snapshot.EdgeTargets, snapshot.TypeNames, snapshot.RootTargets, snapshot.RootKinds, snapshot.RootNames);
    }

    // GCHeapSnapshot (GC | GCHeapCollect | GCHeapDump | GCHeapAndTypeNames | Type) makes the runtime run the GC and
    // walk the heap; GCHeapSurvivalAndMovement adds the GCGenerationRange events that place objects in generations
    // (measured on .NET 10: without it no range is sent).
    private static EventPipeSession StartSession(DiagnosticsClient client, int processId, HeapSnapshotOptions options)
    {
        var providers = new[]
        {
            new EventPipeProvider(ClrTraceEventParser.ProviderName, EventLevel.Verbose, (long)(ClrTraceEventParser.Keywords.GCHeapSnapshot | ClrTraceEventParser.Keywords.GCHeapSurvivalAndMovement)),
        };
        try
        {
            try
            {
                // Block (no lost events) needs .NET 11; older runtimes refuse the command and get the lossy mode.
                return client.StartEventPipeSession(new EventPipeSessionConfiguration(providers, options.BufferMegabytes, 0, false, EventPipeBufferingMode.Block));
            }
            catch (UnsupportedCommandException)
            {
                return client.StartEventPipeSession(new EventPipeSessionConfiguration(providers, options.BufferMegabytes, 0, false, EventPipeBufferingMode.Drop));
            }
        }
        catch (Exception e) when (e is ServerNotAvailableException or UnsupportedCommandException or UnsupportedProtocolException
            or ServerErrorException or UnauthorizedAccessException or IOException or TimeoutException)
        {
            throw SessionErrors.CannotStart(processId, e);
        }
    }

    private static void WaitForDump(HeapEventCollector collector, Thread reader, HeapSnapshotOptions options, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        while (!collector.CompletedSignal.Wait(TimeSpan.FromMilliseconds(100), cancellationToken))
        {
            if (!reader.IsAlive)
            {
                return; // The stream ended: the process exited or closed the session.
            }

            if ((!collector.Started && started.Elapsed > StartTimeout) || started.Elapsed > options.Timeout)
            {
                return;
            }

            // The runtime sends a thread's events when its buffer fills; the last, partly filled buffer of the GC
            // thread (with GCStop in it) can then wait many seconds in an idle process (measured: 18 s after a
            // 1M-object walk on .NET 10). A walk sends events continuously, so once they stop the walk is over:
            // stopping the session flushes the rest, and the GCStop check afterwards proves the walk complete.
            if (collector.ObjectCount > 0 && collector.QuietFor > QuietPeriod)
            {
                return;
            }
        }
    }

    private static void Stop(EventPipeSession session, Thread reader)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            session.StopAsync(timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ServerNotAvailableException or ServerErrorException
            or TimeoutException or ObjectDisposedException or UnsupportedCommandException)
        {
            // The process is gone or did not answer: closing our end ends the reader.
        }

        if (!reader.Join(TimeSpan.FromSeconds(30)))
        {
            session.EventStream.Dispose();
            reader.Join(TimeSpan.FromSeconds(5));
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static string GoDurationText(TimeSpan duration) => duration.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + "s";
}

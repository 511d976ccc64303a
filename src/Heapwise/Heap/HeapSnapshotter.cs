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
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(2);

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
            bool last = attempt >= options.Retries;
            HeapSnapshot? snapshot;
            try
            {
                snapshot = await Task.Run(() => TakeOnce(processId, description, options, clock, last, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch (HeapwiseException e) when (attempt > 0 && !TargetProcess.IsRunning(processId))
            {
                throw ExitedDuringSnapshot(processId, e);
            }

            if (snapshot is not null && (snapshot.Info.IsComplete || last))
            {
                return snapshot;
            }
        }
    }

    /// <summary>One attempt; <see langword="null"/> when the walk was cut short and another attempt may follow.</summary>
    private static HeapSnapshot? TakeOnce(int processId, string description, HeapSnapshotOptions options, Stopwatch clock, bool lastAttempt,
        CancellationToken cancellationToken)
    {
        var client = new DiagnosticsClient(processId);
        var taken = DateTimeOffset.UtcNow;
        using var session = StartSession(client, processId, options);
        var collector = new HeapEventCollector();
        var source = new EventPipeEventSource(session.EventStream);
        string? readFailure = null;
        var reader = new Thread(() =>
        {
            // An in-process CPU or allocation recording running at the same time leaves this thread out.
            int? ownId = ProfilerThreads.RegisterCurrent();
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
            finally
            {
                ProfilerThreads.Unregister(ownId);
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
            if (!TargetProcess.IsRunning(processId))
            {
                throw ExitedDuringSnapshot(processId, null);
            }

            cancellationToken.ThrowIfCancellationRequested();
            if ((collector.Started && !lastAttempt) || (!collector.Started && clock.Elapsed < StartTimeout))
            {
                // The session stopped during the walk (its end is missing), or before the GC began (the finalizer
                // thread, which starts it, was busy): a new session asks again.
                return null;
            }

            string why = readFailure is null ? string.Empty : $" ({readFailure})";
            throw new HeapwiseException(collector.Started
                ? $"The heap walk of process {processId} did not arrive whole (its GC's end event is missing){why}: try again when the process is less busy."
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

            // Events can sit in the target's EventPipe buffers for many seconds when the process is idle (measured on
            // .NET 10: GCStop 18 s after a 1M-object walk; a whole 200K-object walk 30 s, the GCStart included, in a
            // process's first session). A walk sends events continuously while it runs, so silence means it is over
            // or has not begun: stopping the session flushes what is buffered, and the GCStop check afterwards proves
            // the walk complete (a walk cut short lacks it and is retried).
            if (collector.QuietFor > QuietPeriod)
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

    private static HeapwiseException ExitedDuringSnapshot(int processId, Exception? cause)
    {
        string message = $"Process {processId} exited during the heap snapshot: take the snapshot of a process that keeps running.";
        return cause is null ? new HeapwiseException(message) : new HeapwiseException(message, cause);
    }

    private static string GoDurationText(TimeSpan duration) => duration.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + "s";
}

using System.CommandLine;
using System.Runtime.InteropServices;
using Heapwise.Cli.Parsing;
using Heapwise.Cli.Rendering;
using Heapwise.Collection;
using Heapwise.Heap;
using Heapwise.Profiles;
using Heapwise.Runtime;

namespace Heapwise.Cli.Commands;

/// <summary>
/// <c>heapwise monitor --pid N</c>: the process's GC and allocation figures every interval, judged by the
/// memory rules; when a rule starts firing, an allocation profile and then a heap snapshot (its pprof profile and the
/// <c>.hwheap</c> file) are recorded into the capture folder.
/// </summary>
internal static class MonitorCommand
{
    private static readonly Option<int> PidOption = RecordingCommandParts.CreatePidOption("Id of the running .NET process to watch.");

    private static readonly Option<TimeSpan> IntervalOption = new("--interval", "-i")
    {
        Description = "How often to read the counters (whole seconds). Default 1s.",
        HelpName = "DURATION",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(1),
        CustomParser = OptionParsers.Duration("--interval"),
    };

    private static readonly Option<TimeSpan?> DurationOption = RecordingCommandParts.CreateDurationOption(
        "How long to watch. Default: until Ctrl+C or until the process exits.");

    private static readonly Option<long?> MaxHeapOption = new("--max-heap")
    {
        Description = "The heap-size rule fires above this GC heap size. Default 1GB.",
        HelpName = "SIZE",
        CustomParser = result => OptionParsers.Bytes("--max-heap")(result),
    };

    private static readonly Option<double?> MaxGcPauseOption = new("--max-gc-pause")
    {
        Description = "The gc-pause rule fires when GC pauses take more than this share of an interval. Default 10%.",
        HelpName = "PERCENT",
        CustomParser = result => OptionParsers.Share("--max-gc-pause")(result),
    };

    private static readonly Option<long?> MaxAllocRateOption = new("--max-alloc-rate")
    {
        Description = "The allocation-rate rule fires above this many bytes allocated per second, e.g. 500MB. Default: off.",
        HelpName = "SIZE",
        CustomParser = result => OptionParsers.Bytes("--max-alloc-rate")(result),
    };

    private static readonly Option<TimeSpan?> LeakWindowOption = new("--leak-window")
    {
        Description = "The leak rule fires when the heap left by full collections rose at each of at least 4 of them within this window. Default 10m.",
        HelpName = "DURATION",
        CustomParser = result => OptionParsers.Duration("--leak-window")(result),
    };

    private static readonly Option<string?> CaptureDirOption = new("--capture-dir")
    {
        Description = "When a rule starts firing, record an allocation profile and a heap snapshot (heap profile and .hwheap) into this folder (at most 10 files and 512 MB; oldest removed first). Default: no captures.",
        HelpName = "DIR",
    };

    private static readonly Option<TimeSpan> CaptureDurationOption = new("--capture-duration")
    {
        Description = "How long each capture's allocation profile records. Default 10s.",
        HelpName = "DURATION",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(10),
        CustomParser = OptionParsers.Duration("--capture-duration"),
    };

    private static readonly Option<TimeSpan> CooldownOption = new("--cooldown")
    {
        Description = "Least time between two captures for the same rule. Default 5m.",
        HelpName = "DURATION",
        DefaultValueFactory = _ => TimeSpan.FromMinutes(5),
        CustomParser = OptionParsers.Duration("--cooldown"),
    };

    /// <summary>Usage examples, shown at the end of <c>--help</c>.</summary>
    public static IReadOnlyList<string> Examples { get; } =
    [
        "heapwise monitor --pid 1234",
        "heapwise monitor -p 1234 --max-heap 512MB --max-gc-pause 5% --capture-dir captures",
        "heapwise monitor -p 1234 --max-alloc-rate 1GB --duration 10m > memory.log   (one line per interval)",
    ];

    /// <summary>The command, built once.</summary>
    public static Command Command { get; } = Create();

    private static Command Create()
    {
        var command = new Command("monitor",
            "Watch a running .NET process's heap, GC pauses and allocation rate, with alert rules (heap size, GC pause share, " +
            "allocation rate, leak) that record an allocation profile and a heap snapshot as evidence when they start firing.")
        {
            PidOption, IntervalOption, DurationOption, MaxHeapOption, MaxGcPauseOption, MaxAllocRateOption, LeakWindowOption,
            CaptureDirOption, CaptureDurationOption, CooldownOption,
        };
        command.SetAction(MonitorAsync);
        return command;
    }

    private static async Task<int> MonitorAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var console = CliInvocation.ConsoleOf(parseResult);
        int pid = parseResult.GetValue(PidOption);
        var defaults = MemoryRuleOptions.Default;
        var rules = new MemoryRules(new MemoryRuleOptions
        {
            MaxHeapBytes = parseResult.GetValue(MaxHeapOption) ?? defaults.MaxHeapBytes,
            MaxGcPauseShare = parseResult.GetValue(MaxGcPauseOption) ?? defaults.MaxGcPauseShare,
            MaxAllocationBytesPerSecond = parseResult.GetValue(MaxAllocRateOption) ?? defaults.MaxAllocationBytesPerSecond,
            LeakWindow = parseResult.GetValue(LeakWindowOption) ?? defaults.LeakWindow,
        });
        string? captureDir = parseResult.GetValue(CaptureDirOption);
        var captures = captureDir is null ? null : new CaptureDirectory(captureDir, cooldown: parseResult.GetValue(CooldownOption));
        var captureDuration = parseResult.GetValue(CaptureDurationOption);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        if (parseResult.GetValue(DurationOption) is TimeSpan duration)
        {
            stop.CancelAfter(duration);
        }

        var view = new MonitorView(console, pid);
        var pending = new List<Task>();
        using var oneSnapshotAtATime = new SemaphoreSlim(1); // two rules firing together must not dump the heap twice at once
        await using (var monitor = StartMonitor(pid, parseResult.GetValue(IntervalOption)))
        {
            try
            {
                await foreach (var reading in monitor.ReadAllAsync(stop.Token).ConfigureAwait(false))
                {
                    var states = rules.Evaluate(reading);
                    view.Show(reading, states);
                    foreach (var state in states.Where(s => s.StartedFiring))
                    {
                        if (captures?.TryReserve(state.Rule, ".allocs.pb.gz", reading.Time) is { } path)
                        {
                            pending.Add(CaptureAsync(new Capture(pid, path, captureDuration, captures, view, oneSnapshotAtATime), stop.Token, cancellationToken));
                        }
                        else if (captures is null)
                        {
                            view.Note("add --capture-dir DIR to record an allocation profile and a heap snapshot when a rule fires.");
                        }
                    }
                }

                if (!stop.IsCancellationRequested)
                {
                    view.Note($"process {pid} exited.");
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Ctrl+C, SIGTERM or --duration: stop watching; captures under way finish below.
            }
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
        return (int)ExitCode.Success;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static RuntimeCounterMonitor StartMonitor(int pid, TimeSpan interval)
    {
        try
        {
            return RuntimeCounterMonitor.Start(pid, interval);
        }
        catch (HeapwiseException e)
        {
            throw new CollectionFailedException(e); // exit code 3, as for record
        }
    }

    // Records while the monitor goes on; a failure is reported and does not end the monitor. The allocation profile
    // stops with the monitor (--duration, Ctrl+C); the heap snapshot after it is short and is finished even then.
    private static async Task CaptureAsync(Capture capture, CancellationToken stopping, CancellationToken cancellationToken)
    {
        var (pid, path, duration, captures, view, oneSnapshotAtATime) = capture;
        view.Note($"capturing an allocation profile for {GoDuration.Format(duration)} into {path}");
        try
        {
            var recording = await AllocationRecorder.RecordAsync(pid, new RecordingOptions { Duration = duration }, stopping).ConfigureAwait(false);
            PprofWriter.WriteFile(recording.Profile, path);
            captures.Trim();
            view.Note($"captured {path} ({recording.SampleCount:N0} samples)");
        }
        catch (Exception e) when (e is HeapwiseException or OperationCanceledException)
        {
            view.Note($"capture {Path.GetFileName(path)} failed: {e.Message}");
        }

        string heapPath = path.Replace(".allocs.pb.gz", ".heap.pb.gz", StringComparison.Ordinal);
        string snapshotPath = path.Replace(".allocs.pb.gz", HeapSnapshotFile.Extension, StringComparison.Ordinal);
        await oneSnapshotAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            view.Note($"taking a heap snapshot into {heapPath}");
            var snapshot = await HeapSnapshotter.TakeAsync(pid, HeapSnapshotOptions.Default, cancellationToken).ConfigureAwait(false);
            PprofWriter.WriteFile(HeapProfile.Build(snapshot, RootPaths.Compute(snapshot)), heapPath);
            HeapSnapshotFile.Write(snapshot, snapshotPath);
            captures.Trim();
            view.Note($"captured {heapPath} and {Path.GetFileName(snapshotPath)} ({snapshot.ObjectCount:N0} objects, {ByteSize.Format(snapshot.TotalBytes)})");
        }
        catch (Exception e) when (e is HeapwiseException or OperationCanceledException)
        {
            view.Note($"heap snapshot {Path.GetFileName(heapPath)} failed: {e.Message}");
        }
        finally
        {
            oneSnapshotAtATime.Release();
        }
    }

    /// <summary>What one capture records and where.</summary>
    private sealed record Capture(int Pid, string Path, TimeSpan Duration, CaptureDirectory Captures, MonitorView View, SemaphoreSlim OneSnapshotAtATime);
}

using System.CommandLine;
using System.Globalization;
using Heapwise.Cli.Parsing;
using Heapwise.Cli.Rendering;
using Heapwise.Heap;
using Heapwise.Profiles;

namespace Heapwise.Cli.Commands;

/// <summary>
/// <c>heapwise heap --pid N</c>: a heap snapshot of a running process, written as a pprof profile (type reference
/// paths from GC roots) and as Heapwise's own snapshot file; its subcommands <c>report</c>, <c>path</c> and
/// <c>diff</c> read snapshot files.
/// </summary>
internal static class HeapCommand
{
    /// <summary>The profile written when <c>-o</c> is not given.</summary>
    public const string DefaultOutput = "heap.pb.gz";

    private static readonly Option<int?> PidOption = new("--pid", "-p")
    {
        Description = "Id of the running .NET process to snapshot (see 'dotnet-trace ps' or 'ps').",
        HelpName = "PID",
        CustomParser = result => OptionParsers.Int("--pid", 1, "a process id (a number above 0)")(result),
    };

    private static readonly Option<string> OutputOption = new("--output", "-o")
    {
        Description = "Where to write the pprof profile (gzip). The snapshot file goes beside it with the extension .hwheap.",
        HelpName = "FILE",
        DefaultValueFactory = _ => DefaultOutput,
    };

    private static readonly Option<bool> WasteOption = new("--waste")
    {
        Description = "Also find waste (over-sized and empty collections, duplicate strings, mostly-zero arrays) in a heap dump the " +
            "process writes of itself; it is paused while the dump is written (about a second per 100 MB), and the dump is deleted afterwards.",
    };

    private static readonly Option<string?> DumpFolderOption = new("--dump-folder")
    {
        Description = "Where --waste writes its temporary dump (it needs about the process's memory in free space). Default: the temporary folder.",
        HelpName = "DIR",
    };

    /// <summary>Usage examples, shown at the end of <c>--help</c>.</summary>
    public static IReadOnlyList<string> Examples { get; } =
    [
        "heapwise heap --pid 1234                    writes heap.pb.gz and heap.hwheap",
        "heapwise heap report heap.hwheap            types, retained sizes, largest retainers, generations",
        "heapwise heap --pid 1234 --waste            also over-sized collections, duplicate strings, zero arrays",
        "heapwise heap path heap.hwheap --type MyApp.Session",
        "heapwise heap diff before.hwheap after.hwheap",
        "heapwise top heap.pb.gz                     (the pprof reports work on the profile too)",
    ];

    /// <summary>The command, built once.</summary>
    public static Command Command { get; } = Create();

    /// <summary>The snapshot file written beside the profile <paramref name="output"/>: heap.pb.gz → heap.hwheap.</summary>
    public static string SnapshotPathFor(string output)
    {
        string name = output;
        foreach (string extension in new[] { ".gz", ".pb", ".pprof" })
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                name = name[..^extension.Length];
            }
        }

        return name + HeapSnapshotFile.Extension;
    }

    /// <summary>The SNAPSHOT argument of <c>report</c> and <c>path</c>.</summary>
    public static Argument<string> CreateSnapshotArgument() => new("SNAPSHOT")
    {
        Description = "A heap snapshot file written by 'heapwise heap --pid' (.hwheap).",
    };

    private static Command Create()
    {
        var command = new Command("heap",
            "Take a heap snapshot of a running .NET process (through the runtime's heap-dump events; the process runs on), " +
            "with --waste also the waste found in a heap dump, or analyze one with the subcommands report, path and diff.")
        {
            PidOption, OutputOption, WasteOption, DumpFolderOption, HeapReportCommand.Command, HeapPathCommand.Command, HeapDiffCommand.Command,
        };
        command.SetAction(SnapshotAsync);
        return command;
    }

    private static async Task<int> SnapshotAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var console = CliInvocation.ConsoleOf(parseResult);
        if (parseResult.GetValue(PidOption) is not { } pid)
        {
            throw new HeapwiseException("give the process to snapshot with --pid N, or a subcommand (report, path, diff); see 'heapwise heap --help'.");
        }

        string output = parseResult.GetRequiredValue(OutputOption);
        string snapshotPath = SnapshotPathFor(output);
        RecordingCommandParts.EnsureWritable(output);
        bool waste = parseResult.GetValue(WasteOption);
        string? dumpFolder = parseResult.GetValue(DumpFolderOption);
        if (dumpFolder is not null && !Directory.Exists(dumpFolder))
        {
            throw new HeapwiseException($"the dump folder '{dumpFolder}' does not exist: create it or choose another --dump-folder.");
        }

        // The dump comes first: the snapshot's EventPipe session makes the runtime put event metadata on the
        // target's heap (thousands of objects, duplicate strings among them), which the waste would then show.
        HeapWaste? found = null;
        if (waste)
        {
            var wasteOptions = new WasteOptions { DumpFolder = dumpFolder };
            found = await RecordingCommandParts.CollectAsync(HeapDumpWaste.TakeAsync(pid, wasteOptions, new StderrProgress(console.Error), cancellationToken)).ConfigureAwait(false);
            console.Error.WriteLine("heapwise: waste analysis done; heap dump " + HeapReportWriter.DumpCost(found.Dump));
        }

        console.Error.WriteLine($"heapwise: taking a heap snapshot of process {pid.ToString(CultureInfo.InvariantCulture)}...");
        var snapshot = (await RecordingCommandParts.CollectAsync(HeapSnapshotter.TakeAsync(pid, HeapSnapshotOptions.Default, cancellationToken)).ConfigureAwait(false))
            .WithWaste(found);

        var paths = RootPaths.Compute(snapshot);
        PprofWriter.WriteFile(HeapProfile.Build(snapshot, paths), output);
        try
        {
            HeapSnapshotFile.Write(snapshot, snapshotPath);
        }
        catch (HeapwiseException)
        {
            // A full disk usually fails the second, larger file: a failed command leaves neither behind.
            File.Delete(output);
            throw;
        }

        foreach (string problem in snapshot.Info.Problems)
        {
            console.Error.WriteLine($"heapwise: note: the snapshot is incomplete: {problem}; figures under-count. Retry when the process is less busy.");
        }

        var info = snapshot.Info;
        console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"heapwise: wrote {output} and {snapshotPath} ({snapshot.ObjectCount:N0} objects, {snapshot.TotalBytes:N0} bytes; target paused {info.TargetPause.TotalMilliseconds:0.#} ms, snapshot took {info.Duration.TotalSeconds:0.##} s)"));
        console.Error.WriteLine($"heapwise: explore it with: heapwise heap report {snapshotPath}   or: heapwise top {output}");
        var report = HeapReport.Compute(snapshot, DominatorTree.Compute(snapshot), paths, new HeapReportOptions { TypeCount = 10, RetainerCount = 0 });
        HeapReportWriter.WriteTypes(console.Out, report);
        if (snapshot.Waste is { } wasteFound)
        {
            console.Out.WriteLine();
            HeapReportWriter.WriteWaste(console.Out, wasteFound);
        }

        return (int)ExitCode.Success;
    }
}

using System.CommandLine;
using Heapwise.Cli.Parsing;
using Heapwise.Cli.Rendering;
using Heapwise.Heap;

namespace Heapwise.Cli.Commands;

/// <summary><c>heapwise heap report SNAPSHOT</c>: live objects by type with retained sizes, the largest retainers and the generation split.</summary>
internal static class HeapReportCommand
{
    private static readonly Argument<string> SnapshotArgument = HeapCommand.CreateSnapshotArgument();

    private static readonly Option<int> TypesOption = new("--types", "-n")
    {
        Description = "How many types to list, largest retained size first; 0 lists all.",
        HelpName = "N",
        DefaultValueFactory = _ => HeapReportOptions.Default.TypeCount,
        CustomParser = OptionParsers.Int("--types", 0, "0 (all) or a number of types"),
    };

    private static readonly Option<int> RetainersOption = new("--retainers")
    {
        Description = "How many of the objects that retain the most to list.",
        HelpName = "N",
        DefaultValueFactory = _ => HeapReportOptions.Default.RetainerCount,
        CustomParser = OptionParsers.Int("--retainers", 0, "a number of objects"),
    };

    private static readonly Option<string> FormatOption = ReportCommandOptions.CreateFormat("Output format: text, or json (schema heapwise.heap-report/v1 in docs/cli.md).");

    /// <summary>The command, built once.</summary>
    public static Command Command { get; } = Create();

    private static Command Create()
    {
        var command = new Command("report",
            "Live objects by type (count, shallow and retained bytes), the largest retainers (dominator tree), the split over generations, LOH and POH, " +
            "and the waste when the snapshot was taken with --waste. Given a core dump instead of a snapshot, reports the dump's waste.")
        {
            SnapshotArgument, TypesOption, RetainersOption, FormatOption,
        };
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parseResult)
    {
        var console = CliInvocation.ConsoleOf(parseResult);
        string path = parseResult.GetRequiredValue(SnapshotArgument);
        bool json = parseResult.GetValue(FormatOption) == "json";
        if (DumpFiles.IsCoreDump(path))
        {
            var waste = HeapDumpWaste.AnalyzeFile(path, WasteOptions.Default, new StderrProgress(console.Error));
            if (json)
            {
                JsonReportWriter.WriteHeapWaste(console.Out, waste);
            }
            else
            {
                HeapReportWriter.WriteWaste(console.Out, waste);
            }

            return (int)ExitCode.Success;
        }

        var snapshot = HeapSnapshotFile.Read(path);
        var options = new HeapReportOptions { TypeCount = parseResult.GetValue(TypesOption), RetainerCount = parseResult.GetValue(RetainersOption) };
        var report = HeapReport.Compute(snapshot, DominatorTree.Compute(snapshot), RootPaths.Compute(snapshot), options);
        if (json)
        {
            JsonReportWriter.WriteHeapReport(console.Out, report);
        }
        else
        {
            HeapReportWriter.Write(console.Out, report);
        }

        return (int)ExitCode.Success;
    }
}

using System.CommandLine;
using Heapwise.Analysis;
using Heapwise.Cli.Rendering;

namespace Heapwise.Cli.Commands;

/// <summary><c>heapwise traces FILE...</c>: every sample with its stack, value and labels, like <c>go tool pprof -traces</c>.</summary>
internal static class TracesCommand
{
    /// <summary>Usage examples, shown at the end of <c>--help</c>.</summary>
    public static IReadOnlyList<string> Examples { get; } =
    [
        "heapwise traces allocs.pb.gz",
        "heapwise traces --focus Parse --tagfocus type=String allocs.pb.gz",
    ];

    /// <summary>The command, built once.</summary>
    public static Command Command { get; } = Create();

    private static Command Create()
    {
        var command = new Command("traces",
            "List every distinct stack with its value and labels, as 'go tool pprof -traces' does.");
        ReportCommandOptions.AddTo(command);
        GranularityOptions.AddTo(command);
        command.Options.Add(ReportCommandOptions.Unit);
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parseResult)
    {
        var console = CliInvocation.ConsoleOf(parseResult);
        var options = ReportCommandOptions.Read(parseResult) with
        {
            Granularity = GranularityOptions.Read(parseResult),
            Unit = ReportCommandOptions.ReadUnit(parseResult),
        };
        var report = TracesReport.Compute(ReportCommandOptions.ReadProfiles(parseResult), options);
        FilterOptions.WriteWarnings(console, report.Warnings);
        if (ReportCommandOptions.IsJson(parseResult))
        {
            JsonReportWriter.WriteTraces(console.Out, report, options.Filter);
        }
        else
        {
            TracesWriter.Write(console.Out, report);
        }

        return (int)ExitCode.Success;
    }
}

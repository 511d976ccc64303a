using System.CommandLine;
using Heapwise.Analysis;
using Heapwise.Cli.Rendering;

namespace Heapwise.Cli.Commands;

/// <summary><c>heapwise tags FILE...</c>: label keys and values with their totals, like <c>go tool pprof -tags</c>.</summary>
internal static class TagsCommand
{
    private static readonly Option<string?> KeyOption = new("--tag")
    {
        Description = "Show only this label key (e.g. type).",
        HelpName = "KEY",
    };

    /// <summary>Usage examples, shown at the end of <c>--help</c>.</summary>
    public static IReadOnlyList<string> Examples { get; } =
    [
        "heapwise tags allocs.pb.gz",
        "heapwise tags --tag type --sample-index alloc_objects allocs.pb.gz",
    ];

    /// <summary>The command, built once.</summary>
    public static Command Command { get; } = Create();

    private static Command Create()
    {
        var command = new Command("tags",
            "Show the label keys of the samples, each value with its total and share, as 'go tool pprof -tags' does.")
        {
            KeyOption,
        };
        ReportCommandOptions.AddTo(command);
        command.Options.Add(ReportCommandOptions.Unit);
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parseResult)
    {
        var console = CliInvocation.ConsoleOf(parseResult);
        var options = ReportCommandOptions.Read(parseResult) with { Unit = ReportCommandOptions.ReadUnit(parseResult) };
        var report = TagsReport.Compute(ReportCommandOptions.ReadProfiles(parseResult), options, parseResult.GetValue(KeyOption));
        FilterOptions.WriteWarnings(console, report.Warnings);
        if (ReportCommandOptions.IsJson(parseResult))
        {
            JsonReportWriter.WriteTags(console.Out, report, options.Filter);
        }
        else
        {
            TagsWriter.Write(console.Out, report);
        }

        return (int)ExitCode.Success;
    }
}

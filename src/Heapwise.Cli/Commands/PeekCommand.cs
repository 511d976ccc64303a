using System.CommandLine;
using Heapwise.Analysis;
using Heapwise.Cli.Rendering;

namespace Heapwise.Cli.Commands;

/// <summary><c>heapwise peek REGEX FILE...</c>: callers and callees of matching functions, like <c>go tool pprof -peek</c>.</summary>
internal static class PeekCommand
{
    private static readonly Argument<string> Expression = new("REGEX")
    {
        Description = "A regular expression matched against function names (unanchored).",
    };

    private static readonly Option<bool> CumOption = new("--cum")
    {
        Description = "Order functions by cumulative value instead of flat value.",
    };

    /// <summary>Usage examples, shown at the end of <c>--help</c>.</summary>
    public static IReadOnlyList<string> Examples { get; } =
    [
        "heapwise peek Parse allocs.pb.gz",
        "heapwise peek '^System\\.String\\.' --sample-index alloc_objects allocs.pb.gz",
    ];

    /// <summary>The command, built once.</summary>
    public static Command Command { get; } = Create();

    private static Command Create()
    {
        var command = new Command("peek",
            "Show the callers and callees of the functions matching REGEX, as 'go tool pprof -peek' does.")
        {
            Expression,
        };
        ReportCommandOptions.AddTo(command);
        GranularityOptions.AddTo(command);
        command.Options.Add(CumOption);
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
        string expression = parseResult.GetRequiredValue(Expression);
        PeekReport.Validate(expression); // a bad expression fails before any profile is read
        var report = PeekReport.Compute(ReportCommandOptions.ReadProfiles(parseResult), expression, options, parseResult.GetValue(CumOption));
        FilterOptions.WriteWarnings(console, report.Warnings);
        if (ReportCommandOptions.IsJson(parseResult))
        {
            JsonReportWriter.WritePeek(console.Out, report, options.Filter);
        }
        else
        {
            PeekWriter.Write(console.Out, report);
        }

        return (int)ExitCode.Success;
    }
}

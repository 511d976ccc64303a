using System.CommandLine;
using Heapwise.Analysis;
using Heapwise.Cli.Rendering;

namespace Heapwise.Cli.Commands;

/// <summary><c>heapwise list REGEX FILE...</c>: annotated source of matching functions, like <c>go tool pprof -list</c>.</summary>
internal static class ListCommand
{
    private static readonly Argument<string> Expression = new("REGEX")
    {
        Description = "A regular expression matched against function names (unanchored).",
    };

    private static readonly Option<string?> SourcePathOption = new("--source-path", "--source_path")
    {
        Description = "Directories to search for source files, separated by ':' (pprof's -source_path). Default: the current directory.",
        HelpName = "DIR[:DIR]",
    };

    private static readonly Option<string?> TrimPathOption = new("--trim-path", "--trim_path")
    {
        Description = "Path prefixes to remove from the profile's file names before searching, separated by ':' (pprof's -trim_path).",
        HelpName = "PREFIX[:PREFIX]",
    };

    /// <summary>Usage examples, shown at the end of <c>--help</c>.</summary>
    public static IReadOnlyList<string> Examples { get; } =
    [
        "heapwise list Parse allocs.pb.gz",
        "heapwise list '^App\\.Parser\\.' --trim-path /build/src --source-path ~/src/app allocs.pb.gz",
    ];

    /// <summary>The command, built once.</summary>
    public static Command Command { get; } = Create();

    private static Command Create()
    {
        var command = new Command("list",
            "Show the source of the functions matching REGEX, each line with its flat and cumulative value, as 'go tool pprof -list' does.")
        {
            Expression, SourcePathOption, TrimPathOption,
        };
        command.Arguments.Add(ReportCommandOptions.Files);
        command.Options.Add(ReportCommandOptions.SampleIndex);
        FilterOptions.AddTo(command);
        command.Options.Add(ReportCommandOptions.Format);
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parseResult)
    {
        var console = CliInvocation.ConsoleOf(parseResult);
        var options = new ReportOptions
        {
            SampleIndex = parseResult.GetValue(ReportCommandOptions.SampleIndex),
            Filter = FilterOptions.Read(parseResult),
        };
        string expression = parseResult.GetRequiredValue(Expression);
        ListReport.Validate(expression); // a bad expression fails before any profile is read
        var profiles = parseResult.GetRequiredValue(ReportCommandOptions.Files).Select(f => Parsing.ProfileInput.Read(f)).ToList();
        var report = ListReport.Compute(profiles, expression, options,
            parseResult.GetValue(SourcePathOption), parseResult.GetValue(TrimPathOption));
        FilterOptions.WriteWarnings(console, report.Warnings);
        FilterOptions.WriteWarnings(console, ListWriter.Warnings(report));
        if (ReportCommandOptions.IsJson(parseResult))
        {
            JsonReportWriter.WriteList(console.Out, report, options.Filter);
        }
        else
        {
            ListWriter.Write(console.Out, report);
        }

        return (int)ExitCode.Success;
    }
}

using System.CommandLine;
using Heapwise.Analysis;
using Heapwise.Cli.Parsing;
using Heapwise.Cli.Rendering;
using Heapwise.Profiles;

namespace Heapwise.Cli.Commands;

/// <summary><c>heapwise top FILE...</c>: the functions that allocate most, like <c>go tool pprof -top</c>.</summary>
internal static class TopCommand
{
    private static readonly Argument<string[]> Files = new("FILE")
    {
        Description = "Profiles to report (pprof format, gzip-compressed or not), as files or http(s) URLs such as http://127.0.0.1:6060/debug/pprof/allocs?seconds=10. Several are added together.",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<string?> SampleIndexOption = new("--sample-index", "--sample_index", "-si")
    {
        Description = "Which value to report: a sample type name (alloc_space, alloc_objects, ...) or its zero-based number. " +
            "Default: the profile's default sample type, else its last.",
        HelpName = "NAME",
    };

    private static readonly Option<bool> CumOption = new("--cum")
    {
        Description = "Sort by cumulative value (the function and everything it calls) instead of flat value.",
    };

    private static readonly Option<int> NodeCountOption = new("--nodecount", "-n")
    {
        Description = "Show at most N functions; 0 shows all.",
        HelpName = "N",
        DefaultValueFactory = _ => 0,
        CustomParser = OptionParsers.Int("--nodecount", 0, "0 (all) or a number of functions"),
    };

    private static readonly Option<double> NodeFractionOption = new("--nodefraction")
    {
        Description = "Hide functions whose cumulative value is below this fraction of the total, as pprof does.",
        HelpName = "F",
        DefaultValueFactory = _ => TopOptions.Default.NodeFraction,
        CustomParser = OptionParsers.Fraction("--nodefraction"),
    };

    private static readonly Option<string?> ByOption = new("--by")
    {
        Description = "Aggregate by the values of this label instead of by function: '--by type' shows the allocated types.",
        HelpName = "KEY",
    };

    /// <summary>Usage examples, shown at the end of <c>--help</c>.</summary>
    public static IReadOnlyList<string> Examples { get; } =
    [
        "heapwise top allocs.pb.gz",
        "heapwise top --sample-index alloc_objects --nodecount 20 allocs.pb.gz",
        "heapwise top --cum before.pb.gz after.pb.gz     (sorted by cum, the two profiles added together)",
        "heapwise top --focus Parse --hide '^System\\.' allocs.pb.gz",
        "heapwise top --tagfocus type=String allocs.pb.gz",
        "heapwise top --by type allocs.pb.gz             (the allocated types instead of functions)",
        "heapwise top --diff-base before.pb.gz after.pb.gz (the change: negative where after allocates less)",
    ];

    /// <summary>The command, built once.</summary>
    public static Command Command { get; } = Create();

    private static Command Create()
    {
        var command = new Command("top",
            "Show the functions with the largest values, as 'go tool pprof -top' does (same rows, same numbers).")
        {
            Files, SampleIndexOption, CumOption, NodeCountOption, NodeFractionOption, ByOption, ReportCommandOptions.Unit,
        };
        command.Options.Add(ReportCommandOptions.Format);
        FilterOptions.AddTo(command);
        DiffOptions.AddTo(command);
        GranularityOptions.AddTo(command);
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parseResult)
    {
        var console = CliInvocation.ConsoleOf(parseResult);
        var filter = FilterOptions.Read(parseResult);
        var profiles = ReportCommandOptions.ReadProfiles(parseResult, Files);
        var options = new TopOptions
        {
            SampleIndex = parseResult.GetValue(SampleIndexOption),
            Cumulative = parseResult.GetValue(CumOption),
            NodeCount = parseResult.GetValue(NodeCountOption),
            NodeFraction = parseResult.GetValue(NodeFractionOption),
            Filter = filter,
            By = parseResult.GetValue(ByOption),
            Unit = ReportCommandOptions.ReadUnit(parseResult),
            Granularity = GranularityOptions.Read(parseResult),
        };
        var report = TopReport.Compute(profiles, options);
        FilterOptions.WriteWarnings(console, report.Warnings);
        if (ReportCommandOptions.IsJson(parseResult))
        {
            JsonReportWriter.WriteTop(console.Out, report, filter, options.By);
        }
        else
        {
            TopTableWriter.Write(console.Out, report, console.StyleOutput ? TextStyle.Ansi : TextStyle.Plain);
        }
        return (int)ExitCode.Success;
    }
}

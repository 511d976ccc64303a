using System.CommandLine;
using Heapwise.Analysis;
using Heapwise.Cli.Parsing;
using Heapwise.Cli.Rendering;

namespace Heapwise.Cli.Commands;

/// <summary><c>heapwise tree FILE...</c>: the call graph as text, like <c>go tool pprof -tree</c>.</summary>
internal static class TreeCommand
{
    private const int DefaultNodeCount = 80; // pprof's default for graphs and trees

    private static readonly Option<bool> CumOption = new("--cum")
    {
        Description = "Sort by cumulative value instead of flat value.",
    };

    private static readonly Option<int> NodeCountOption = new("--nodecount", "-n")
    {
        Description = "Show at most N functions (default 80, as pprof); 0 shows all.",
        HelpName = "N",
        DefaultValueFactory = _ => DefaultNodeCount,
        CustomParser = OptionParsers.Int("--nodecount", 0, "0 (all) or a number of functions"),
    };

    private static readonly Option<double> NodeFractionOption = new("--nodefraction")
    {
        Description = "Hide functions whose cumulative value is below this fraction of the total, as pprof does.",
        HelpName = "F",
        DefaultValueFactory = _ => TopOptions.Default.NodeFraction,
        CustomParser = OptionParsers.Fraction("--nodefraction"),
    };

    private static readonly Option<double> EdgeFractionOption = new("--edgefraction")
    {
        Description = "Hide calls whose value is below this fraction of the total, as pprof does.",
        HelpName = "F",
        DefaultValueFactory = _ => TopOptions.Default.EdgeFraction,
        CustomParser = OptionParsers.Fraction("--edgefraction"),
    };

    /// <summary>Usage examples, shown at the end of <c>--help</c>.</summary>
    public static IReadOnlyList<string> Examples { get; } =
    [
        "heapwise tree allocs.pb.gz",
        "heapwise tree --nodecount 20 --focus Parse allocs.pb.gz",
    ];

    /// <summary>The command, built once.</summary>
    public static Command Command { get; } = Create();

    private static Command Create()
    {
        var command = new Command("tree",
            "Show the call graph as text: each function with its callers and callees, as 'go tool pprof -tree' does.")
        {
            CumOption, NodeCountOption, NodeFractionOption, EdgeFractionOption, ReportCommandOptions.Unit,
        };
        command.Arguments.Add(ReportCommandOptions.Files);
        command.Options.Add(ReportCommandOptions.SampleIndex);
        FilterOptions.AddTo(command);
        GranularityOptions.AddTo(command);
        command.Options.Add(ReportCommandOptions.Format);
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parseResult)
    {
        var console = CliInvocation.ConsoleOf(parseResult);
        var options = new TopOptions
        {
            SampleIndex = parseResult.GetValue(ReportCommandOptions.SampleIndex),
            Filter = FilterOptions.Read(parseResult),
            Granularity = GranularityOptions.Read(parseResult),
            Cumulative = parseResult.GetValue(CumOption),
            NodeCount = parseResult.GetValue(NodeCountOption),
            NodeFraction = parseResult.GetValue(NodeFractionOption),
            EdgeFraction = parseResult.GetValue(EdgeFractionOption),
            Unit = ReportCommandOptions.ReadUnit(parseResult),
        };
        var profiles = parseResult.GetRequiredValue(ReportCommandOptions.Files).Select(f => Parsing.ProfileInput.Read(f)).ToList();
        var report = PeekReport.ComputeTree(profiles, options);
        FilterOptions.WriteWarnings(console, report.Warnings);
        if (ReportCommandOptions.IsJson(parseResult))
        {
            JsonReportWriter.WriteTree(console.Out, report, options.Filter);
        }
        else
        {
            PeekWriter.Write(console.Out, report);
        }

        return (int)ExitCode.Success;
    }
}

using System.CommandLine;
using System.Globalization;
using Heapwise.Cli.Parsing;
using Heapwise.Export;

namespace Heapwise.Cli.Commands;

/// <summary><c>heapwise flamegraph FILE...</c>: one self-contained, interactive flame graph page.</summary>
internal static class FlameGraphCommand
{
    private static readonly Argument<string[]> Files = ExportCommandParts.CreateFilesArgument();

    private static readonly Option<string?> SampleIndexOption = ExportCommandParts.CreateSampleIndexOption();

    private static readonly Option<string?> OutputOption = new("--output", "-o")
    {
        Description = "The HTML file to write. Default: the first profile's name with .html, in the current folder (allocs.pb.gz gives allocs.html).",
        HelpName = "FILE",
    };

    private static readonly Option<string?> TitleOption = new("--title")
    {
        Description = "The page title. Default: the profile file names.",
        HelpName = "TEXT",
    };

    private static readonly Option<double?> MinFractionOption = new("--min-fraction")
    {
        Description = "Leave out frames below this fraction of the total (their value stays in their callers); bounds the page size. " +
            "0 keeps all. Default: 0.00001.",
        HelpName = "F",
        CustomParser = result => OptionParsers.Fraction("--min-fraction")(result),
    };

    /// <summary>Usage examples, shown at the end of <c>--help</c>.</summary>
    public static IReadOnlyList<string> Examples { get; } =
    [
        "heapwise flamegraph allocs.pb.gz                       writes allocs.html; open it in a browser",
        "heapwise flamegraph --sample-index alloc_objects -o objects.html allocs.pb.gz",
        "heapwise flamegraph --diff-base before.pb.gz after.pb.gz    red frames grew, blue ones shrank",
        "heapwise flamegraph --focus Parse --hide '^System\\.' allocs.pb.gz   only stacks through Parse, without System frames",
    ];

    /// <summary>The command, built once.</summary>
    public static Command Command { get; } = Create();

    private static Command Create()
    {
        var command = new Command("flamegraph",
            "Write an interactive flame graph as one self-contained HTML file (click to zoom, search, hover for values).")
        {
            Files, SampleIndexOption, OutputOption, TitleOption, MinFractionOption,
        };
        DiffOptions.AddDiffBaseTo(command);
        FilterOptions.AddTo(command);
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parseResult)
    {
        var console = CliInvocation.ConsoleOf(parseResult);
        var filter = FilterOptions.Read(parseResult);
        string[] files = parseResult.GetRequiredValue(Files);
        string output = parseResult.GetValue(OutputOption) ?? ExportCommandParts.DefaultOutput(files[0], ".html");
        ExportCommandParts.EnsureWritable(output);

        string[] bases = DiffOptions.DiffBaseFiles(parseResult);
        double minFraction = parseResult.GetValue(MinFractionOption) ?? FlameGraphOptions.Default.MinFrameFraction;
        var tree = bases.Length == 0
            ? ExportCommandParts.BuildTree(console, ProfileFiles.ReadAll(files), parseResult.GetValue(SampleIndexOption), filter, minFraction)
            : CallTree.BuildDiff(ProfileFiles.ReadAll(files), ProfileFiles.ReadAll(bases),
                new CallTreeOptions { SampleIndex = parseResult.GetValue(SampleIndexOption), Filter = filter }, DiffOptions.IsNormalized(parseResult), (files, bases));
        if (bases.Length != 0)
        {
            FilterOptions.WriteWarnings(console, tree.Warnings);
        }

        var options = new FlameGraphOptions
        {
            Title = parseResult.GetValue(TitleOption) ?? string.Join(" + ", files.Select(Path.GetFileName)) + " — " + tree.SampleType,
            MinFrameFraction = minFraction,
        };
        var stats = FlameGraphWriter.WriteFile(tree, output, options);

        string hidden = stats.HiddenFrames > 0
            ? string.Create(CultureInfo.InvariantCulture, $", {stats.HiddenFrames:N0} tiny frames left out with their callees")
            : string.Empty;
        console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"heapwise: wrote {output} ({ExportCommandParts.FormatSize(stats.Bytes)}, {stats.Frames - 1:N0} frames{hidden}); open it in a browser."));
        return (int)ExitCode.Success;
    }
}

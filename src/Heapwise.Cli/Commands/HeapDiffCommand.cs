using System.CommandLine;
using Heapwise.Cli.Parsing;
using Heapwise.Cli.Rendering;
using Heapwise.Heap;
using Heapwise.Profiles;

namespace Heapwise.Cli.Commands;

/// <summary><c>heapwise heap diff BEFORE AFTER</c>: the types and reference paths that grew between two snapshots.</summary>
internal static class HeapDiffCommand
{
    private static readonly Argument<string> BeforeArgument = new("BEFORE") { Description = "The earlier heap snapshot (.hwheap)." };

    private static readonly Argument<string> AfterArgument = new("AFTER") { Description = "The later heap snapshot (.hwheap)." };

    private static readonly Option<int> RowsOption = new("--rows", "-n")
    {
        Description = "How many types and paths to list.",
        HelpName = "N",
        DefaultValueFactory = _ => 15,
        CustomParser = OptionParsers.Int("--rows", 1, "a number of rows above 0"),
    };

    private static readonly Option<string?> OutputOption = new("--output", "-o")
    {
        Description = "Also write the difference as a pprof profile (AFTER's paths minus BEFORE's) for top, peek and flame graphs.",
        HelpName = "FILE",
    };

    /// <summary>The command, built once.</summary>
    public static Command Command { get; } = Create();

    private static Command Create()
    {
        var command = new Command("diff", "The types and type reference paths whose object count or bytes grew between two heap snapshots, most bytes first.")
        {
            BeforeArgument, AfterArgument, RowsOption, OutputOption,
        };
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parseResult)
    {
        var console = CliInvocation.ConsoleOf(parseResult);
        var before = HeapSnapshotFile.Read(parseResult.GetRequiredValue(BeforeArgument));
        var after = HeapSnapshotFile.Read(parseResult.GetRequiredValue(AfterArgument));
        var diff = HeapDiff.Compute(before, after);
        if (parseResult.GetValue(OutputOption) is { } output)
        {
            PprofWriter.WriteFile(diff.Profile, output);
            console.Error.WriteLine($"heapwise: wrote {output}; explore it with: heapwise top {output}");
        }

        HeapReportWriter.WriteDiff(console.Out, diff, parseResult.GetValue(RowsOption));
        return (int)ExitCode.Success;
    }
}

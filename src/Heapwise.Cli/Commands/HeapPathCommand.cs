using System.CommandLine;
using Heapwise.Cli.Parsing;
using Heapwise.Cli.Rendering;
using Heapwise.Heap;

namespace Heapwise.Cli.Commands;

/// <summary><c>heapwise heap path SNAPSHOT --type T</c>: the shortest reference paths from GC roots to the instances of a type.</summary>
internal static class HeapPathCommand
{
    private static readonly Argument<string> SnapshotArgument = HeapCommand.CreateSnapshotArgument();

    private static readonly Option<string> TypeOption = new("--type", "-t")
    {
        Description = "The type whose instances to explain: its full name (MyApp.Session, System.Byte[]) or the part after the last dot.",
        HelpName = "TYPE",
        Required = true,
    };

    private static readonly Option<int> PathsOption = new("--paths", "-n")
    {
        Description = "How many distinct paths to show, most instances first.",
        HelpName = "N",
        DefaultValueFactory = _ => 10,
        CustomParser = OptionParsers.Int("--paths", 1, "a number of paths above 0"),
    };

    /// <summary>The command, built once.</summary>
    public static Command Command { get; } = Create();

    private static Command Create()
    {
        var command = new Command("path", "The shortest reference paths from GC roots (static fields, stacks, handles, the finalizer queue) to the instances of a type.")
        {
            SnapshotArgument, TypeOption, PathsOption,
        };
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parseResult)
    {
        var console = CliInvocation.ConsoleOf(parseResult);
        var snapshot = HeapSnapshotFile.Read(parseResult.GetRequiredValue(SnapshotArgument));
        var report = HeapPathReport.Compute(snapshot, RootPaths.Compute(snapshot), parseResult.GetRequiredValue(TypeOption), parseResult.GetValue(PathsOption));
        HeapReportWriter.WritePaths(console.Out, report);
        return (int)ExitCode.Success;
    }
}

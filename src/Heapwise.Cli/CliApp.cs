using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Heapwise.Cli.Commands;
using Heapwise.Profiles;

namespace Heapwise.Cli;

/// <summary>
/// The <c>heapwise</c> command line: assembles the commands and runs one, turning expected failures
/// (<see cref="HeapwiseException"/>) into one line on stderr and an <see cref="ExitCode"/>.
/// </summary>
internal static class CliApp
{
    private static readonly Lazy<Command> Root = new(CreateRootCommand);

    private static readonly IReadOnlyList<string> RootExamples =
    [
        "heapwise run -- dotnet app.dll          record a program's allocations into allocs.pb.gz",
        "heapwise top allocs.pb.gz               the functions that allocate most",
        "heapwise record --pid 1234 --duration 30s",
        "heapwise flamegraph allocs.pb.gz        an interactive flame graph in allocs.html",
        "heapwise heap --pid 1234 -o now.pb.gz   a heap snapshot: what is in memory and what keeps it alive",
        "heapwise monitor --pid 1234             heap, GC pauses and allocation rate, with alert rules",
        "heapwise benchstat old.txt new.txt      did the change help, or is it noise? (Go or BenchmarkDotNet results)",
        "heapwise demo                           profile the built-in workloads, before and after optimizing",
    ];

    /// <summary>Runs <c>heapwise</c> with <paramref name="args"/> on the process console.</summary>
    public static Task<int> InvokeAsync(string[] args, CancellationToken cancellationToken = default) =>
        InvokeAsync(args, CliConsole.FromSystemConsole(), cancellationToken);

    /// <summary>Runs <c>heapwise</c> in-process writing to the given writers (for tests and embedding).</summary>
    public static Task<int> InvokeAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default) =>
        InvokeAsync(args, new CliConsole(stdout, stderr), cancellationToken);

    /// <summary>Runs <c>heapwise</c> with <paramref name="args"/> on <paramref name="console"/>; returns the exit code.</summary>
    public static async Task<int> InvokeAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        try
        {
            var parseResult = Root.Value.Parse(args);
            if (parseResult.Action is ParseErrorAction parseError)
            {
                // The error and a pointer to help, rather than the whole help text after it.
                parseError.ShowHelp = false;
                int code = await parseResult.InvokeAsync(new CliInvocation(console), cancellationToken).ConfigureAwait(false);
                string command = parseResult.CommandResult.Command == Root.Value ? "heapwise" : "heapwise " + parseResult.CommandResult.Command.Name;
                await console.Error.WriteLineAsync($"Run '{command} --help' for usage and examples.").ConfigureAwait(false);
                return code;
            }

            return await parseResult.InvokeAsync(new CliInvocation(console), cancellationToken).ConfigureAwait(false);
        }
        catch (HeapwiseException e)
        {
            await console.Error.WriteLineAsync("heapwise: " + OneLine(e.Message)).ConfigureAwait(false);
            return (int)ExitCodeFor(e);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync("heapwise: interrupted.").ConfigureAwait(false);
            return (int)ExitCode.Interrupted;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Not a failure the user can fix: a bug. The stack trace helps whoever reports it.
            await console.Error.WriteLineAsync($"heapwise: internal error, please report it: {e}").ConfigureAwait(false);
            return (int)ExitCode.InternalError;
        }
    }

    /// <summary>The exit code for an expected failure.</summary>
    public static ExitCode ExitCodeFor(HeapwiseException exception) => exception switch
    {
        PprofFormatException or Heapwise.Benchstat.BenchmarkFormatException => ExitCode.ProfileFormat,
        CollectionFailedException => ExitCode.CollectionFailed,
        _ => ExitCode.BadInput,
    };

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    // A plain Command named "heapwise" rather than RootCommand, which takes its name from the
    // executable (Heapwise.Cli, or the test host): usage lines should show what users type.
    private static Command CreateRootCommand()
    {
        var root = new Command("heapwise", "Heapwise: find what allocates in a .NET program; reports compare one to one with go tool pprof.")
        {
            TopCommand.Command,
            TracesCommand.Command,
            TagsCommand.Command,
            PeekCommand.Command,
            ListCommand.Command,
            TreeCommand.Command,
            FlameGraphCommand.Command,
            ExportCommand.Command,
            RunCommand.Command,
            RecordCommand.Command,
            MonitorCommand.Command,
            DemoCommand.Command,
            BenchstatCommand.Command,
            HeapCommand.Command,
        };
        var help = new HelpOption();
        help.Action = new HelpWithExamples((HelpAction)help.Action!, new Dictionary<Command, IReadOnlyList<string>>
        {
            [root] = RootExamples,
            [TopCommand.Command] = TopCommand.Examples,
            [TracesCommand.Command] = TracesCommand.Examples,
            [TagsCommand.Command] = TagsCommand.Examples,
            [PeekCommand.Command] = PeekCommand.Examples,
            [ListCommand.Command] = ListCommand.Examples,
            [TreeCommand.Command] = TreeCommand.Examples,
            [FlameGraphCommand.Command] = FlameGraphCommand.Examples,
            [ExportCommand.Command] = ExportCommand.Examples,
            [RunCommand.Command] = RunCommand.Examples,
            [RecordCommand.Command] = RecordCommand.Examples,
            [MonitorCommand.Command] = MonitorCommand.Examples,
            [DemoCommand.Command] = DemoCommand.Examples,
            [BenchstatCommand.Command] = BenchstatCommand.Examples,
            [HeapCommand.Command] = HeapCommand.Examples,
        });
        root.Options.Add(help);
        root.Options.Add(new VersionOption());
        return root;
    }
}

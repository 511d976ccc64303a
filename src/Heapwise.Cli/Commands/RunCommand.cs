using System.CommandLine;
using System.Runtime.InteropServices;
using Heapwise.Cli.Rendering;
using Heapwise.Collection;

namespace Heapwise.Cli.Commands;

/// <summary><c>heapwise run -- COMMAND [ARGS...]</c>: start a .NET program and record its allocations from its first instruction.</summary>
internal static class RunCommand
{
    private static readonly Argument<string[]> CommandLine = new("COMMAND")
    {
        Description = "The program and its arguments, after '--' (e.g. -- dotnet app.dll --port 8080).",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<string> OutputOption = RecordingCommandParts.CreateOutputOption();

    private static readonly Option<bool> LiveOption = RecordingCommandParts.CreateLiveOption();

    private static readonly Option<TimeSpan?> LiveEveryOption = RecordingCommandParts.CreateLiveEveryOption();

    private static readonly Option<TimeSpan?> DurationOption = RecordingCommandParts.CreateDurationOption(
        "Stop recording after this long (30s, 2m, 500ms, 1h) and end the program. Default: until the program exits.");

    /// <summary>Usage examples, shown at the end of <c>--help</c>.</summary>
    public static IReadOnlyList<string> Examples { get; } =
    [
        "heapwise run -- dotnet app.dll",
        "heapwise run -o before.pb.gz --duration 30s -- dotnet service.dll --urls http://localhost:5000",
        "heapwise run -- ./bin/Release/net10.0/App arg1 arg2",
        "heapwise run --live -o app.pb.gz -- dotnet app.dll     (also app.inuse.pb.gz: what is still alive)",
    ];

    /// <summary>The command, built once.</summary>
    public static Command Command { get; } = Create();

    private static Command Create()
    {
        var command = new Command("run",
            "Run a .NET program under the allocation profiler, write its profile and show the top allocation sites. " +
            "Exits with the program's exit code.")
        {
            CommandLine, OutputOption, DurationOption, LiveOption, LiveEveryOption,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var console = CliInvocation.ConsoleOf(parseResult);
        string[] commandLine = parseResult.GetRequiredValue(CommandLine);
        string output = parseResult.GetRequiredValue(OutputOption);
        RecordingCommandParts.EnsureWritable(output);

        // Ctrl+C reaches the program too (same terminal). Heapwise stays alive and stops recording;
        // the recorder gives the program a grace period to exit by itself, then the profile is written.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        var progress = new RecordingProgressDisplay(console, "Recording " + ShortCommandLine(commandLine));
        var options = RecordingCommandParts.WithLiveHeap(new RecordingOptions
        {
            Duration = parseResult.GetValue(DurationOption),
            Progress = progress,
        }, parseResult.GetValue(LiveOption), parseResult.GetValue(LiveEveryOption), output, progress);
        LaunchedRecording launched;
        try
        {
            launched = await RecordingCommandParts.CollectAsync(progress.ShowWhileAsync(
                AllocationRecorder.RunAsync(commandLine[0], commandLine[1..], options, stop.Token))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync("heapwise: interrupted before the program started; nothing was written.").ConfigureAwait(false);
            return (int)ExitCode.Interrupted;
        }

        RecordingCommandParts.Finish(console, launched.Recording, output);
        return launched.ExitCode;
    }

    // The command line as the status line shows it: file names without their folders, at most ~50 characters.
    private static string ShortCommandLine(string[] commandLine)
    {
        string text = string.Join(' ', commandLine.Select(a => a.Contains('/', StringComparison.Ordinal) ? Path.GetFileName(a) : a));
        return text.Length <= 50 ? text : text[..49] + "…";
    }
}

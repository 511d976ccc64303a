using System.CommandLine;
using System.Runtime.InteropServices;
using Heapwise.Cli.Parsing;
using Heapwise.Cli.Rendering;
using Heapwise.Collection;

namespace Heapwise.Cli.Commands;

/// <summary><c>heapwise record --pid N</c>: record the allocations of a running .NET process.</summary>
internal static class RecordCommand
{
    private static readonly Option<int> PidOption = RecordingCommandParts.CreatePidOption(
        "Id of the running .NET process to record (see 'dotnet-trace ps' or 'ps').");

    private static readonly Option<string> OutputOption = RecordingCommandParts.CreateOutputOption();

    private static readonly Option<bool> LiveOption = RecordingCommandParts.CreateLiveOption();

    private static readonly Option<TimeSpan?> LiveEveryOption = RecordingCommandParts.CreateLiveEveryOption();

    private static readonly Option<TimeSpan?> DurationOption = RecordingCommandParts.CreateDurationOption(
        "How long to record (30s, 2m, 500ms, 1h). Default: until Ctrl+C or until the process exits.");

    /// <summary>Usage examples, shown at the end of <c>--help</c>.</summary>
    public static IReadOnlyList<string> Examples { get; } =
    [
        "heapwise record --pid 1234 --duration 30s",
        "heapwise record -p 1234 -o service.pb.gz     (until Ctrl+C or the process exits)",
        "heapwise record -p 1234 --live --duration 1m   (also allocs.inuse.pb.gz: what is still alive)",
        "heapwise record -p 1234 --live --live-every 30s   (allocs.inuse.pb.gz rewritten every 30s while recording)",
    ];

    /// <summary>The command, built once.</summary>
    public static Command Command { get; } = Create();

    private static Command Create()
    {
        var command = new Command("record",
            "Record the allocations of a running .NET process, write its profile and show the top allocation sites. " +
            "Ctrl+C ends the recording early and still writes the profile.")
        {
            PidOption, OutputOption, DurationOption, LiveOption, LiveEveryOption,
        };
        command.SetAction(RecordAsync);
        return command;
    }

    private static async Task<int> RecordAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var console = CliInvocation.ConsoleOf(parseResult);
        int pid = parseResult.GetValue(PidOption);
        string output = parseResult.GetRequiredValue(OutputOption);
        RecordingCommandParts.EnsureWritable(output);

        // Ctrl+C (SIGINT) or SIGTERM end the recording; the recorder returns what it has, which is written.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopRecording);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopRecording);

        var progress = new RecordingProgressDisplay(console, $"Recording process {pid}");
        var options = RecordingCommandParts.WithLiveHeap(new RecordingOptions
        {
            Duration = parseResult.GetValue(DurationOption),
            Progress = progress,
        }, parseResult.GetValue(LiveOption), parseResult.GetValue(LiveEveryOption), output, progress);
        AllocationRecording recording;
        try
        {
            recording = await RecordingCommandParts.CollectAsync(progress.ShowWhileAsync(
                AllocationRecorder.RecordAsync(pid, options, stop.Token))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync("heapwise: interrupted before the recording started; nothing was written.").ConfigureAwait(false);
            return (int)ExitCode.Interrupted;
        }

        RecordingCommandParts.Finish(console, recording, output);
        return (int)ExitCode.Success;

        void StopRecording(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }
}

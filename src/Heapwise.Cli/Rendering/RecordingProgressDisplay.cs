using System.Globalization;
using Heapwise.Cli.Parsing;
using Heapwise.Collection;
using Spectre.Console;

namespace Heapwise.Cli.Rendering;

/// <summary>
/// Shows how a recording is going, on stderr: a live status line (Spectre.Console) when stderr is
/// a terminal, otherwise a plain line every <see cref="PlainInterval"/> so logs show progress
/// without drowning in it.
/// </summary>
internal sealed class RecordingProgressDisplay : IProgress<RecordingProgress>
{
    /// <summary>How often a plain progress line is written when stderr is not a terminal.</summary>
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(250);

    private readonly CliConsole _console;
    private readonly string _title;
    private readonly Lock _lock = new();
    private RecordingProgress _latest;
    private string? _annotation;

    /// <summary>A display for a recording described by <paramref name="title"/> (e.g. "Recording dotnet app.dll").</summary>
    public RecordingProgressDisplay(CliConsole console, string title)
    {
        _console = console;
        _title = title;
    }

    /// <summary>Records the latest progress; called by the recorder from any thread.</summary>
    public void Report(RecordingProgress value)
    {
        lock (_lock)
        {
            _latest = value;
        }
    }

    /// <summary>How long the recording has run, as last reported.</summary>
    public TimeSpan Elapsed => Latest.Elapsed;

    /// <summary>Adds <paramref name="text"/> to the progress line from now on (e.g. when a live profile was last written); any thread.</summary>
    public void Annotate(string text)
    {
        lock (_lock)
        {
            _annotation = text;
        }
    }

    /// <summary>Runs <paramref name="recording"/> while showing its progress; returns its result.</summary>
    public async Task<T> ShowWhileAsync<T>(Task<T> recording)
    {
        ArgumentNullException.ThrowIfNull(recording);
        if (!_console.ErrorIsTerminal)
        {
            return await WritePlainLinesAsync(recording).ConfigureAwait(false);
        }

        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(_console.Error),
            Ansi = AnsiSupport.Detect,
            ColorSystem = _console.NoColor ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
        return await ansi.Status()
            .Spinner(Spinner.Known.Dots)
            .StartAsync(Markup.Escape(_title), async context =>
            {
                while (!recording.IsCompleted)
                {
                    await Task.WhenAny(recording, Task.Delay(RefreshInterval)).ConfigureAwait(false);
                    context.Status(Markup.Escape($"{_title}  {Line}"));
                }

                return await recording.ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    /// <summary>One line describing <paramref name="progress"/>: elapsed time, samples, estimated bytes, dropped events.</summary>
    public static string Describe(RecordingProgress progress)
    {
        string line = string.Create(CultureInfo.InvariantCulture,
            $"{FormatElapsed(progress.Elapsed)} · {progress.Samples:N0} samples · ~{progress.EstimatedBytes / (1024.0 * 1024.0):N1} MB allocated");
        return progress.DroppedEvents > 0
            ? line + string.Create(CultureInfo.InvariantCulture, $" · {progress.DroppedEvents:N0} events dropped")
            : line;
    }

    // The progress, then the annotation if any.
    private string Line
    {
        get
        {
            lock (_lock)
            {
                return _annotation is null ? Describe(_latest) : $"{Describe(_latest)} · {_annotation}";
            }
        }
    }

    private RecordingProgress Latest
    {
        get
        {
            lock (_lock)
            {
                return _latest;
            }
        }
    }

    private async Task<T> WritePlainLinesAsync<T>(Task<T> recording)
    {
        while (!recording.IsCompleted)
        {
            await Task.WhenAny(recording, Task.Delay(PlainInterval)).ConfigureAwait(false);
            if (!recording.IsCompleted)
            {
                await _console.Error.WriteLineAsync($"heapwise: {_title}: {Line}").ConfigureAwait(false);
            }
        }

        return await recording.ConfigureAwait(false);
    }

    /// <summary><paramref name="elapsed"/> as the progress line shows it: m:ss, or a Go duration past an hour.</summary>
    public static string FormatElapsed(TimeSpan elapsed) =>
        elapsed < TimeSpan.FromHours(1) ? elapsed.ToString(@"m\:ss", CultureInfo.InvariantCulture) : GoDuration.Format(elapsed);
}

using System.CommandLine;
using System.Globalization;
using Heapwise.Analysis;
using Heapwise.Cli.Parsing;
using Heapwise.Cli.Rendering;
using Heapwise.Collection;
using Heapwise.Profiles;

namespace Heapwise.Cli.Commands;

/// <summary>The options and the ending shared by the commands that record (<c>run</c>, <c>record</c>).</summary>
internal static class RecordingCommandParts
{
    /// <summary>The file written when <c>-o</c> is not given.</summary>
    public const string DefaultOutput = "allocs.pb.gz";

    /// <summary>Rows of the table printed after recording.</summary>
    public const int TopRows = 10;

    /// <summary>A required <c>--pid</c>/<c>-p</c> option described by <paramref name="description"/>.</summary>
    public static Option<int> CreatePidOption(string description) => new("--pid", "-p")
    {
        Description = description,
        HelpName = "PID",
        Required = true,
        CustomParser = OptionParsers.Int("--pid", 1, "a process id (a number above 0)"),
    };

    /// <summary>A <c>--duration</c>/<c>-d</c> option taking a Go duration above zero.</summary>
    public static Option<TimeSpan?> CreateDurationOption(string description) => CreateDurationOption("--duration", ["-d"], description);

    private static Option<TimeSpan?> CreateDurationOption(string name, string[] aliases, string description)
    {
        var option = new Option<TimeSpan?>(name, aliases)
        {
            Description = description,
            HelpName = "DURATION",
            CustomParser = result =>
            {
                string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
                if (!GoDuration.TryParse(text, out var duration))
                {
                    result.AddError(GoDuration.Describe(text));
                    return null;
                }

                if (duration <= TimeSpan.Zero)
                {
                    result.AddError($"invalid duration '{text}': it must be more than zero, e.g. 30s.");
                    return null;
                }

                return duration;
            },
        };
        return option;
    }

    /// <summary>A <c>-o</c>/<c>--output</c> option for the profile file.</summary>
    public static Option<string> CreateOutputOption() => new("--output", "-o")
    {
        Description = "Where to write the profile (pprof format, gzip).",
        HelpName = "FILE",
        DefaultValueFactory = _ => DefaultOutput,
    };

    /// <summary>A <c>--live</c> option: also write the live heap profile.</summary>
    public static Option<bool> CreateLiveOption() => new("--live")
    {
        Description = "Also follow the sampled objects through garbage collections and write what is still alive, by allocation site " +
            "(Go's inuse_space), next to the profile as FILE's stem + .inuse.pb.gz. The program's GCs get slower: see docs/performance.md.",
    };

    /// <summary>A <c>--live-every</c> option: also write the live heap profile while recording, every DURATION.</summary>
    public static Option<TimeSpan?> CreateLiveEveryOption()
    {
        return CreateDurationOption("--live-every", [],
            "With --live: also write the live heap profile (FILE's stem + .inuse.pb.gz) every DURATION while recording, replacing the last one, " +
            "so what is alive can be read before the recording ends. At least 1s: each costs the program a method rundown.");
    }

    /// <summary>
    /// <paramref name="options"/> with the live heap asked for by <paramref name="live"/> and, with <paramref name="every"/>,
    /// written to <see cref="LiveOutput"/> of <paramref name="output"/> while recording; <paramref name="progress"/> says when.
    /// </summary>
    /// <exception cref="HeapwiseException"><paramref name="every"/> without <paramref name="live"/>, or shorter than 1 s.</exception>
    public static RecordingOptions WithLiveHeap(RecordingOptions options, bool live, TimeSpan? every, string output, RecordingProgressDisplay progress)
    {
        if (every is null)
        {
            return options with { TrackLiveHeap = live };
        }

        if (!live)
        {
            throw new HeapwiseException("--live-every writes the live heap profile while recording: add --live.");
        }

        if (every < RecordingOptions.MinimumLiveProfileInterval)
        {
            throw new HeapwiseException($"--live-every {GoDuration.Format(every.Value)} is too short: each live profile costs the program a method rundown; give 1s or more.");
        }

        string liveOutput = LiveOutput(output);
        return options with
        {
            TrackLiveHeap = true,
            LiveProfileInterval = every,
            LiveProfileCaptured = profile =>
            {
                PprofWriter.WriteFile(profile, liveOutput);
                progress.Annotate($"in use written at {RecordingProgressDisplay.FormatElapsed(progress.Elapsed)}");
            },
        };
    }

    /// <summary>Where the live heap profile of a recording written to <paramref name="output"/> goes: its stem + <c>.inuse.pb.gz</c>.</summary>
    public static string LiveOutput(string output)
    {
        string stem = output;
        foreach (string extension in (string[])[".gz", ".pb", ".pprof"])
        {
            if (stem.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                stem = stem[..^extension.Length];
            }
        }

        return stem + ".inuse.pb.gz";
    }

    /// <summary>Fails before recording, not after, when the profile could not be written to <paramref name="path"/>.</summary>
    /// <exception cref="HeapwiseException">The folder does not exist, or the path is a folder.</exception>
    public static void EnsureWritable(string path)
    {
        string full = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(full);
        if (folder is not null && !Directory.Exists(folder))
        {
            throw new HeapwiseException($"cannot write '{path}': the folder '{folder}' does not exist; create it or choose another --output.");
        }

        if (Directory.Exists(full))
        {
            throw new HeapwiseException($"cannot write '{path}': it is a folder; give a file name such as {Path.Combine(path, DefaultOutput)}.");
        }
    }

    /// <summary>Awaits a recorder call, reporting its failures as collection failures (exit code 3).</summary>
    public static async Task<T> CollectAsync<T>(Task<T> recording)
    {
        try
        {
            return await recording.ConfigureAwait(false);
        }
        catch (HeapwiseException e) when (e is not PprofFormatException and not CollectionFailedException)
        {
            throw new CollectionFailedException(e);
        }
    }

    /// <summary>
    /// Writes the profile, prints the recording's notes to stderr and its top allocation sites to stdout.
    /// </summary>
    public static void Finish(CliConsole console, AllocationRecording recording, string output)
    {
        PprofWriter.WriteFile(recording.Profile, output);
        foreach (string note in recording.Notes)
        {
            console.Error.WriteLine("heapwise: note: " + note);
        }

        if (recording.DroppedEvents > 0)
        {
            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"heapwise: note: {recording.DroppedEvents:N0} events were dropped; the profile under-counts. A shorter recording or a less busy machine helps."));
        }

        if (recording.IsBiased)
        {
            console.Error.WriteLine("heapwise: note: the sampling is biased for this recording; compare shapes, not absolute numbers.");
        }

        console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"heapwise: wrote {output} ({recording.SampleCount:N0} samples over {GoDuration.Format(recording.Duration)}); explore it with: heapwise top {output}"));

        if (recording.LiveProfile is { } live)
        {
            string liveOutput = LiveOutput(output);
            PprofWriter.WriteFile(live, liveOutput);
            console.Error.WriteLine($"heapwise: wrote {liveOutput} (in use at the last GC, by allocation site); explore it with: heapwise top {liveOutput}");
        }

        foreach (string note in recording.LiveNotes)
        {
            console.Error.WriteLine("heapwise: note: " + note);
        }

        // The header without the recording's comments: they were just printed as notes.
        var report = TopReport.Compute(recording.Profile, new TopOptions { NodeCount = TopRows });
        foreach (string label in report.Labels.Where(l => !recording.Notes.Contains(l)))
        {
            console.Out.WriteLine(label);
        }

        TopTableWriter.WriteTable(console.Out, report, report.Rows, console.StyleOutput ? TextStyle.Ansi : TextStyle.Plain);
    }
}

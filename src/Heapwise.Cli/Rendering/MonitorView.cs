using System.Globalization;
using Heapwise.Runtime;

namespace Heapwise.Cli.Rendering;

/// <summary>
/// What <c>heapwise monitor</c> prints: on a terminal, a block redrawn in place every interval (figures, then
/// one line per rule) with notes kept above it; otherwise one line per reading and one per rule change, for
/// logs and scripts.
/// </summary>
internal sealed class MonitorView(CliConsole console, int processId)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, RuleStatus> _lastStatus = new(StringComparer.Ordinal);
    private MemoryReading? _previous;
    private int _blockLines;

    /// <summary>Shows a reading and the rules' verdicts.</summary>
    public void Show(MemoryReading reading, IReadOnlyList<RuleState> states)
    {
        lock (_lock)
        {
            var previous = _previous;
            _previous = reading;
            if (console.StyleOutput)
            {
                Redraw(Block(reading, previous, states));
                return;
            }

            console.Out.WriteLine(Line(reading, previous, states));
            foreach (var state in states)
            {
                if (_lastStatus.TryGetValue(state.Rule, out var last) ? last != state.Status : state.Status == RuleStatus.Firing)
                {
                    console.Out.WriteLine($"{Time(reading)}  {Word(state.Status)} {state.Rule}: {state.Message}");
                }

                _lastStatus[state.Rule] = state.Status;
            }
        }
    }

    /// <summary>A note (capture started or written, process exited), kept above the live block.</summary>
    public void Note(string text)
    {
        lock (_lock)
        {
            string line = $"{DateTimeOffset.UtcNow.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}  {text}";
            if (console.StyleOutput && _blockLines > 0)
            {
                console.Out.Write($"\u001b[{_blockLines}F\u001b[J");
                _blockLines = 0;
            }

            console.Out.WriteLine(line);
        }
    }

    private void Redraw(List<string> lines)
    {
        if (_blockLines > 0)
        {
            console.Out.Write($"\u001b[{_blockLines}F\u001b[J"); // back to the block's first line, erase to the end
        }

        foreach (string line in lines)
        {
            console.Out.WriteLine(line);
        }

        _blockLines = lines.Count;
    }

    private List<string> Block(MemoryReading reading, MemoryReading? previous, IReadOnlyList<RuleState> states)
    {
        var lines = new List<string>
        {
            $"\u001b[1mprocess {processId}\u001b[0m  {Time(reading)} UTC",
            $"  heap            {ByteSize.Format(reading.HeapSizeBytes),12}   after full GC {Optional(reading.HeapAfterFullCollectionBytes)}",
            $"  allocating      {ByteSize.Format((long)reading.AllocationBytesPerSecond) + "/s",12}   working set {Optional(reading.WorkingSetBytes)}",
            $"  GC pauses       {Percent(reading.GcPauseShare),12}   collections +{Delta(reading.Collections, previous?.Collections)} (full +{Delta(reading.FullCollections, previous?.FullCollections)})",
            "  rules",
        };
        foreach (var state in states)
        {
            string word = state.Status switch
            {
                RuleStatus.Firing => "\u001b[31mFIRING \u001b[0m",
                RuleStatus.Waiting => "\u001b[2mwaiting\u001b[0m",
                _ => "\u001b[32mok     \u001b[0m",
            };
            lines.Add($"    {word} {state.Rule,-16} {state.Message}");
        }

        return lines;
    }

    private static string Line(MemoryReading reading, MemoryReading? previous, IReadOnlyList<RuleState> states) =>
        $"{Time(reading)}  heap {ByteSize.Format(reading.HeapSizeBytes)}  after-full-gc {Optional(reading.HeapAfterFullCollectionBytes)}  " +
        $"alloc {ByteSize.Format((long)reading.AllocationBytesPerSecond)}/s  gc-pause {Percent(reading.GcPauseShare)}  " +
        $"gcs +{Delta(reading.Collections, previous?.Collections)} (full +{Delta(reading.FullCollections, previous?.FullCollections)})  " +
        $"rules {(states.Any(s => s.Status == RuleStatus.Firing) ? "FIRING " + string.Join(',', states.Where(s => s.Status == RuleStatus.Firing).Select(s => s.Rule)) : "ok")}";

    private static string Word(RuleStatus status) => status switch
    {
        RuleStatus.Firing => "FIRING",
        RuleStatus.Waiting => "waiting",
        _ => "ok",
    };

    private static string Time(MemoryReading reading) => reading.Time.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Optional(long? bytes) => bytes is long b ? ByteSize.Format(b) : "n/a";

    private static string Percent(double share) => string.Create(CultureInfo.InvariantCulture, $"{share * 100:0.0}%");

    private static long Delta(long now, long? before) => before is long b ? now - b : 0;
}

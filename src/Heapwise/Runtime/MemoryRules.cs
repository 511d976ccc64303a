using System.Globalization;

namespace Heapwise.Runtime;

/// <summary>
/// Judges a stream of <see cref="MemoryReading"/>s against <see cref="MemoryRuleOptions"/>, the alert
/// thresholds of a memory monitor:
/// <list type="bullet">
/// <item><c>heap-size</c>: the GC heap is over <see cref="MemoryRuleOptions.MaxHeapBytes"/>;</item>
/// <item><c>gc-pause</c>: GC pauses took more than <see cref="MemoryRuleOptions.MaxGcPauseShare"/> of the last interval;</item>
/// <item><c>allocation-rate</c>: allocation ran faster than <see cref="MemoryRuleOptions.MaxAllocationBytesPerSecond"/>;</item>
/// <item><c>leak</c>: the heap left by full collections rose at every full collection within the window, by at
/// least the configured share and bytes. Memory that a full collection cannot free and that grows each time is
/// what a leak looks like from outside; a cache filling up looks the same until it reaches its bound, which is
/// why the window and the minimum number of collections are settings.</item>
/// </list>
/// Not thread-safe: one instance per monitored process, fed in time order.
/// </summary>
public sealed class MemoryRules(MemoryRuleOptions options)
{
    private readonly Queue<(DateTimeOffset Time, long Bytes)> _afterFullCollections = new();
    private readonly HashSet<string> _firing = new(StringComparer.Ordinal);
    private long? _lastFullCollections;

    /// <summary>The thresholds.</summary>
    public MemoryRuleOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    /// <summary>The verdict of every enabled rule on <paramref name="reading"/>.</summary>
    public IReadOnlyList<RuleState> Evaluate(MemoryReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var states = new List<RuleState>(4);
        if (Options.MaxHeapBytes is long maxHeap)
        {
            bool over = reading.HeapSizeBytes > maxHeap;
            states.Add(State("heap-size", over, $"heap {ByteSize.Format(reading.HeapSizeBytes)} is {(over ? "over" : "within")} {ByteSize.Format(maxHeap)}"));
        }

        if (Options.MaxGcPauseShare is double maxPause)
        {
            bool over = reading.GcPauseShare > maxPause;
            states.Add(State("gc-pause", over, $"GC pauses took {Percent(reading.GcPauseShare)} of the time ({(over ? "over" : "within")} {Percent(maxPause)})"));
        }

        if (Options.MaxAllocationBytesPerSecond is double maxRate)
        {
            bool over = reading.AllocationBytesPerSecond > maxRate;
            states.Add(State("allocation-rate", over,
                $"allocating {ByteSize.Format((long)reading.AllocationBytesPerSecond)}/s ({(over ? "over" : "within")} {ByteSize.Format((long)maxRate)}/s)"));
        }

        if (Options.LeakWindow > TimeSpan.Zero)
        {
            states.Add(Leak(reading));
        }

        return states;
    }

    private RuleState Leak(MemoryReading reading)
    {
        if (_lastFullCollections is long last && reading.FullCollections > last && reading.HeapAfterFullCollectionBytes is long after)
        {
            _afterFullCollections.Enqueue((reading.Time, after));
        }

        _lastFullCollections = reading.FullCollections;
        while (_afterFullCollections.Count > 0 && reading.Time - _afterFullCollections.Peek().Time > Options.LeakWindow)
        {
            _afterFullCollections.Dequeue();
        }

        var points = _afterFullCollections.ToArray();
        if (points.Length < Options.LeakMinFullCollections)
        {
            _firing.Remove("leak");
            return new RuleState("leak", RuleStatus.Waiting,
                $"{points.Length} of {Options.LeakMinFullCollections} full collections seen in the last {Duration(Options.LeakWindow)}", false);
        }

        bool rising = points.Zip(points.Skip(1)).All(pair => pair.Second.Bytes >= pair.First.Bytes);
        long growth = points[^1].Bytes - points[0].Bytes;
        bool leaking = rising && growth >= Options.LeakMinGrowthBytes && growth >= points[0].Bytes * Options.LeakMinGrowthShare;
        string message = leaking
            ? $"heap after full collections rose at each of the last {points.Length}, from {ByteSize.Format(points[0].Bytes)} to {ByteSize.Format(points[^1].Bytes)}"
            : $"heap after full collections {(rising ? "rose" : "did not keep rising")}: {ByteSize.Format(points[0].Bytes)} to {ByteSize.Format(points[^1].Bytes)} over {points.Length} collections";
        return State("leak", leaking, message);
    }

    private RuleState State(string rule, bool firing, string message)
    {
        bool started = firing && _firing.Add(rule);
        if (!firing)
        {
            _firing.Remove(rule);
        }

        return new RuleState(rule, firing ? RuleStatus.Firing : RuleStatus.Ok, message, started);
    }

    private static string Percent(double share) => string.Create(CultureInfo.InvariantCulture, $"{share * 100:0.#}%");

    private static string Duration(TimeSpan span) =>
        span.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.#} min")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s");
}

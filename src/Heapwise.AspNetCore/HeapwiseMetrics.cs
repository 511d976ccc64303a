using System.Diagnostics.Metrics;
using Heapwise.Runtime;
using OpenTelemetry.Metrics;

namespace Heapwise.AspNetCore;

/// <summary>
/// The <c>Heapwise</c> meter of one application: allocated bytes, each GC's pause, the heap by generation, and the
/// memory rules' states. docs/metrics.md lists every instrument with the name Prometheus shows.
/// </summary>
internal sealed class HeapwiseMetrics : IDisposable
{
    /// <summary>The meter's name, as <c>AddMeter</c> takes it.</summary>
    public const string MeterName = "Heapwise";

    /// <summary>The runtime's own meter (.NET 9 and later): GC, JIT, thread pool, exceptions.</summary>
    public const string RuntimeMeterName = "System.Runtime";

    // Seconds: GC pauses run from tens of microseconds (gen 0) to seconds (a blocking gen 2 of a large heap). The
    // OpenTelemetry default buckets (0 to 10,000) are meant for milliseconds and would put every pause in the first.
    private static readonly double[] PauseBuckets =
        [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly string[] GenerationNames = ["gen0", "gen1", "gen2", "loh", "poh"];

    private readonly Meter _meter;
    private readonly GcPauseWatcher _pauses;

    public HeapwiseMetrics(IMeterFactory meterFactory, MemoryRuleSampler rules)
    {
        _meter = meterFactory.Create(new MeterOptions(MeterName) { Version = typeof(HeapwiseMetrics).Assembly.GetName().Version?.ToString() });
        _meter.CreateObservableCounter("heapwise.gc.allocated", () => GC.GetTotalAllocatedBytes(precise: false), "By",
            "Bytes allocated on the GC heap since the process started (GC.GetTotalAllocatedBytes); rate() of it is the allocation rate.");
        _meter.CreateObservableGauge("heapwise.gc.heap.size", HeapSizes, "By",
            "Size of each GC heap generation when the last GC ended (GCMemoryInfo.GenerationInfo[].SizeAfterBytes).");
        _meter.CreateObservableGauge("heapwise.memory.rule.state", () => RuleStates(rules), unit: null,
            "State of each memory rule at its latest reading: 0 ok, 1 waiting for enough readings, 2 firing.");
        var pauseHistogram = _meter.CreateHistogram("heapwise.gc.pause.duration", "s",
            "How long each garbage collection suspended the program (GCMemoryInfo.PauseDurations, reconciled with GC.GetTotalPauseDuration).",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = PauseBuckets });
        _pauses = new GcPauseWatcher(pause => pauseHistogram.Record(pause.TotalSeconds));
    }

    /// <summary>
    /// A view for the application's meter provider that drops the <c>Heapwise</c> instruments of other applications in
    /// the same process (test hosts, several hosts in one process): a provider listens to meters by name, process-wide.
    /// </summary>
    public MetricStreamConfiguration? OnlyThisApplication(Instrument instrument) =>
        instrument.Meter.Name == MeterName && !ReferenceEquals(instrument.Meter, _meter) ? MetricStreamConfiguration.Drop : null;

    /// <summary>Stops watching GC pauses and releases the meter.</summary>
    public void Dispose()
    {
        _pauses.Dispose();
        _meter.Dispose();
    }

    private static Measurement<long>[] HeapSizes()
    {
        var generations = GC.GetGCMemoryInfo(GCKind.Any).GenerationInfo;
        var sizes = new Measurement<long>[Math.Min(GenerationNames.Length, generations.Length)];
        for (int i = 0; i < sizes.Length; i++)
        {
            sizes[i] = new Measurement<long>(generations[i].SizeAfterBytes, new KeyValuePair<string, object?>("gc.heap.generation", GenerationNames[i]));
        }

        return sizes;
    }

    private static IEnumerable<Measurement<int>> RuleStates(MemoryRuleSampler rules) =>
        rules.Latest().Select(state => new Measurement<int>(StateValue(state.Status), new KeyValuePair<string, object?>("rule", state.Rule)));

    // Spelled out rather than cast, so reordering RuleStatus cannot change what dashboards see.
    private static int StateValue(RuleStatus status) => status switch
    {
        RuleStatus.Ok => 0,
        RuleStatus.Waiting => 1,
        _ => 2,
    };
}

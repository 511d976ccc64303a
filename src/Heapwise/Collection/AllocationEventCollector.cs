using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Heapwise.Collection;

/// <summary>
/// Receives allocation events on the reading thread and aggregates them by (stack, type, kind), summing the
/// up-scaled weights, so memory and profile size grow with distinct stacks rather than with samples.
/// </summary>
/// <remarks>
/// Stacks are kept as TraceLog call-stack indices, which TraceLog interns (identical stacks share an index), and are
/// turned into frames only after the session ends, when the rundown has named every method.
/// Counters read by the progress timer are written with <see cref="Volatile"/>; the tables are only touched by the
/// reading thread.
/// </remarks>
internal sealed class AllocationEventCollector
{
    private readonly Dictionary<AllocationKey, AllocationTotals> _sampled = [];
    private readonly Dictionary<AllocationKey, AllocationTotals> _ticks = [];
    private long _sampledCount;
    private long _tickCount;
    private long _excludedCount;
    private double _sampledBytes;
    private double _tickBytes;

    /// <summary>Follows the sampled objects through GCs when the live heap is asked for, or <see langword="null"/>.</summary>
    public LiveHeapCollector? Live { get; init; }

    /// <summary>OS thread id whose events are left out (the in-process profiler's own reader), or <see langword="null"/>.</summary>
    public int? ExcludedThreadId { get; set; }

    /// <summary>AllocationSampled events aggregated.</summary>
    public long SampledCount => Volatile.Read(ref _sampledCount);

    /// <summary>GCAllocationTick events aggregated.</summary>
    public long TickCount => Volatile.Read(ref _tickCount);

    /// <summary>Events left out because they came from <see cref="ExcludedThreadId"/>.</summary>
    public long ExcludedCount => Volatile.Read(ref _excludedCount);

    /// <summary>
    /// Whether the biased tick events are the ones to use: they are when no AllocationSampled event arrived
    /// (a runtime before .NET 10) but ticks did.
    /// </summary>
    public bool UsesTicks => SampledCount == 0 && TickCount > 0;

    /// <summary>Events behind the figures: samples, or ticks when <see cref="UsesTicks"/>.</summary>
    public long EventCount => UsesTicks ? TickCount : SampledCount;

    /// <summary>Estimated allocated bytes so far, from the events in use.</summary>
    public double EstimatedBytes => UsesTicks ? Volatile.Read(ref _tickBytes) : Volatile.Read(ref _sampledBytes);

    /// <summary>The aggregated allocations from the events in use. Read only after the source is processed.</summary>
    public IReadOnlyDictionary<AllocationKey, AllocationTotals> Totals => UsesTicks ? _ticks : _sampled;

    /// <summary>Subscribes to the events <paramref name="choice"/> asks for.</summary>
    public void Attach(TraceLogEventSource source, AllocationEventChoice choice)
    {
        if (choice != AllocationEventChoice.AllocationTick)
        {
            source.Clr.AllocationSampling += OnSampled;
        }

        if (choice != AllocationEventChoice.AllocationSampled)
        {
            source.Clr.GCAllocationTick += OnTick;
        }
    }

    // The own reader, and in-process the readers of other Heapwise recordings in this process too.
    private bool IsExcluded(int threadId) =>
        ExcludedThreadId is { } own && (threadId == own || ProfilerThreads.Contains(threadId));

    private void OnSampled(AllocationSampledTraceData data)
    {
        if (IsExcluded(data.ThreadID))
        {
            Volatile.Write(ref _excludedCount, _excludedCount + 1);
            return;
        }

        long size = data.ObjectSize;
        if (size <= 0)
        {
            return;
        }

        double bytes = AllocationSampleScaler.BytesPerSample(size);
        var key = new AllocationKey(data.CallStackIndex(), data.TypeName, (int)data.AllocationKind);
        Add(_sampled, key, AllocationSampleScaler.ObjectsPerSample(size), bytes);
        Live?.Sampled(key, data.Address, size);
        Volatile.Write(ref _sampledBytes, _sampledBytes + bytes);
        Volatile.Write(ref _sampledCount, _sampledCount + 1);
    }

    private void OnTick(GCAllocationTickTraceData data)
    {
        if (IsExcluded(data.ThreadID))
        {
            Volatile.Write(ref _excludedCount, _excludedCount + 1);
            return;
        }

        // Each tick stands for the ~100 KB allocated since the previous one, all charged to the object that crossed
        // the threshold: that is the bias. Object counts divide by that object's size where the event carries it.
        long amount = data.AllocationAmount64 > 0 ? data.AllocationAmount64 : data.AllocationAmount;
        if (amount <= 0)
        {
            return;
        }

        double objects = data.ObjectSize > 0 ? (double)amount / data.ObjectSize : 1;
        Add(_ticks, new AllocationKey(data.CallStackIndex(), data.TypeName, (int)data.AllocationKind), objects, amount);
        Volatile.Write(ref _tickBytes, _tickBytes + amount);
        Volatile.Write(ref _tickCount, _tickCount + 1);
    }

    private static void Add(Dictionary<AllocationKey, AllocationTotals> table, AllocationKey key, double objects, double bytes)
    {
        if (!table.TryGetValue(key, out var totals))
        {
            totals = new AllocationTotals();
            table[key] = totals;
        }

        totals.Objects += objects;
        totals.Bytes += bytes;
        totals.Events++;
    }
}

/// <summary>What one profile sample aggregates: a stack, the allocated type as the runtime names it, and the heap kind (0 small, 1 large, 2 pinned).</summary>
internal readonly record struct AllocationKey(CallStackIndex Stack, string TypeName, int Kind);

/// <summary>Up-scaled sums of the events of one <see cref="AllocationKey"/>.</summary>
internal sealed class AllocationTotals
{
    public double Objects { get; set; }

    public double Bytes { get; set; }

    public long Events { get; set; }

    /// <summary>A copy of these sums.</summary>
    public AllocationTotals Copy() => new() { Objects = Objects, Bytes = Bytes, Events = Events };
}

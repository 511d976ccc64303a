using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Heapwise.Collection;

/// <summary>
/// Feeds a <see cref="LiveObjectTracker"/> from the runtime's GC events (start and end, generation ranges, surviving
/// and moved ranges) and the sampled allocations the <see cref="AllocationEventCollector"/> accepts, and sums the
/// sampled objects alive at the last GC by allocation site, up-scaled like the allocation profile.
/// </summary>
/// <remarks>Everything runs on the reading thread; the counters the progress timer reads are written with <see cref="Volatile"/>.</remarks>
internal sealed class LiveHeapCollector
{
    /// <summary>The runtime keywords live tracking needs: GC (start, end, generation ranges) and survival and movement.</summary>
    public const long Keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapSurvivalAndMovement);

    private readonly LiveObjectTracker _tracker = new();
    private readonly Dictionary<AllocationKey, int> _siteIndex = [];
    private readonly List<AllocationKey> _sites = [];
    private long _survivalRanges;
    private long _movedRanges;

    /// <summary>GCs seen to start.</summary>
    public long Collections { get; private set; }

    /// <summary>Surviving ranges reported (objects left in place).</summary>
    public long SurvivalRanges => _survivalRanges;

    /// <summary>Moved ranges reported (objects compacted elsewhere).</summary>
    public long MovedRanges => _movedRanges;

    /// <summary>The tracker, for its counters.</summary>
    public LiveObjectTracker Tracker => _tracker;

    /// <summary>Subscribes to the GC events of <paramref name="source"/>.</summary>
    public void Attach(TraceLogEventSource source)
    {
        source.Clr.GCStart += data =>
        {
            Collections++;
            _tracker.GcStarted(data.Count, data.Depth);
        };
        source.Clr.GCStop += data => _tracker.GcEnded(data.Count);
        source.Clr.GCGenerationRange += data => _tracker.GenerationRange(data.Generation, data.RangeStart, data.RangeUsedLength);
        source.Clr.GCBulkSurvivingObjectRanges += OnSurviving;
        source.Clr.GCBulkMovedObjectRanges += OnMoved;
    }

    /// <summary>An allocation sample the allocation collector kept, under <paramref name="key"/>.</summary>
    public void Sampled(AllocationKey key, ulong address, long size)
    {
        if (address == 0)
        {
            return;
        }

        if (!_siteIndex.TryGetValue(key, out int site))
        {
            site = _sites.Count;
            _sites.Add(key);
            _siteIndex[key] = site;
        }

        _tracker.Allocated(address, size, site);
    }

    /// <summary>
    /// The sampled objects alive at the end of the last GC, summed by allocation site with the same per-object
    /// up-scaling as the allocation profile. Read only after the source is processed.
    /// </summary>
    public Dictionary<AllocationKey, AllocationTotals> LiveTotals()
    {
        var totals = new Dictionary<AllocationKey, AllocationTotals>();
        foreach (var item in _tracker.LiveAtLastCollection)
        {
            var key = _sites[item.Site];
            if (!totals.TryGetValue(key, out var sum))
            {
                sum = new AllocationTotals();
                totals[key] = sum;
            }

            sum.Objects += AllocationSampleScaler.ObjectsPerSample(item.Size);
            sum.Bytes += AllocationSampleScaler.BytesPerSample(item.Size);
            sum.Events++;
        }

        return totals;
    }

    private void OnSurviving(GCBulkSurvivingObjectRangesTraceData data)
    {
        for (int i = 0; i < data.Count; i++)
        {
            var range = data.Values(i);
            _tracker.Survived(range.RangeBase, range.RangeLength);
        }

        Volatile.Write(ref _survivalRanges, _survivalRanges + data.Count);
    }

    private void OnMoved(GCBulkMovedObjectRangesTraceData data)
    {
        for (int i = 0; i < data.Count; i++)
        {
            var range = data.Values(i);
            _tracker.Moved(range.OldRangeBase, range.NewRangeBase, range.RangeLength);
        }

        Volatile.Write(ref _movedRanges, _movedRanges + data.Count);
    }
}

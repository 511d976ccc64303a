using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Heapwise.Collection;

/// <summary>
/// Feeds a <see cref="LiveObjectTracker"/> from the runtime's GC events (start and end, generation ranges, surviving
/// and moved ranges) and the sampled allocations the <see cref="AllocationEventCollector"/> accepts, and sums the
/// sampled objects alive at the last GC by allocation site, up-scaled like the allocation profile.
/// </summary>
/// <remarks>
/// Events arrive on the reading thread, but <see cref="Snapshot"/> may be called from any thread at any moment while
/// recording: the tracker and the site table change only under one lock, and each site's stack is copied out of
/// TraceLog (which only the reading thread may touch) when the site is first seen, so a snapshot never reads TraceLog.
/// </remarks>
internal sealed class LiveHeapCollector
{
    /// <summary>The runtime keywords live tracking needs: GC (start, end, generation ranges) and survival and movement.</summary>
    public const long Keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapSurvivalAndMovement);

    private readonly Lock _gate = new();
    private readonly LiveObjectTracker _tracker = new();
    private readonly Dictionary<AllocationKey, int> _siteIndex = [];
    private readonly List<Site> _sites = [];
    private TraceLog? _log;
    private long _survivalRanges;
    private long _movedRanges;
    private long _lastCollectionEnded;

    /// <summary>The number (the runtime's GC index) of the latest GC whose end has been read, 0 before any.</summary>
    public long LastCollectionEnded => Volatile.Read(ref _lastCollectionEnded);

    /// <summary>Subscribes to the GC events of <paramref name="source"/>.</summary>
    public void Attach(TraceLogEventSource source)
    {
        _log = source.TraceLog;
        source.Clr.GCStart += data =>
        {
            lock (_gate)
            {
                _tracker.GcStarted(data.Count, data.Depth, data.Type == GCType.BackgroundGC);
            }
        };
        source.Clr.GCStop += data =>
        {
            lock (_gate)
            {
                _tracker.GcEnded(data.Count);
                Volatile.Write(ref _lastCollectionEnded, Math.Max(_lastCollectionEnded, data.Count));
            }
        };
        source.Clr.GCGenerationRange += data =>
        {
            lock (_gate)
            {
                _tracker.GenerationRange(data.Generation, data.RangeStart, data.RangeUsedLength);
            }
        };
        source.Clr.GCBulkSurvivingObjectRanges += OnSurviving;
        source.Clr.GCBulkMovedObjectRanges += OnMoved;
    }

    /// <summary>An allocation sample the allocation collector kept, under <paramref name="key"/>; on the reading thread.</summary>
    public void Sampled(AllocationKey key, ulong address, long size)
    {
        lock (_gate)
        {
            if (!_siteIndex.TryGetValue(key, out int index))
            {
                index = _sites.Count;
                var stack = _log is null ? [] : StackLocations.Capture(_log, key.Stack);
                _sites.Add(new Site(stack, key.TypeName, key.Kind));
                _siteIndex[key] = index;
            }

            var allocated = _sites[index].Allocated;
            allocated.Objects += AllocationSampleScaler.ObjectsPerSample(size);
            allocated.Bytes += AllocationSampleScaler.BytesPerSample(size);
            allocated.Events++;
            if (address != 0)
            {
                _tracker.Allocated(address, size, index);
            }
        }
    }

    /// <summary>
    /// Every allocation site so far, with the sampled objects alive at the end of the last GC summed with the same
    /// per-object up-scaling as the allocation profile. Safe on any thread, while recording or after.
    /// </summary>
    public LiveHeapSnapshot Snapshot()
    {
        lock (_gate)
        {
            var inUse = new AllocationTotals[_sites.Count];
            foreach (var item in _tracker.LiveAtLastCollection)
            {
                var sum = inUse[item.Site] ??= new AllocationTotals();
                sum.Objects += AllocationSampleScaler.ObjectsPerSample(item.Size);
                sum.Bytes += AllocationSampleScaler.BytesPerSample(item.Size);
                sum.Events++;
            }

            var sites = _sites.Select((s, i) => new LiveHeapSite(s.Stack, s.TypeName, s.Kind, s.Allocated.Copy(), inUse[i] ?? new AllocationTotals())).ToList();
            return new LiveHeapSnapshot(sites, _lastCollectionEnded, _tracker.CollectionsApplied, _tracker.Died, _tracker.Count, _survivalRanges, _movedRanges,
                _tracker.CollectionsWithoutRanges);
        }
    }

    private void OnSurviving(GCBulkSurvivingObjectRangesTraceData data)
    {
        lock (_gate)
        {
            for (int i = 0; i < data.Count; i++)
            {
                var range = data.Values(i);
                _tracker.Survived(range.RangeBase, range.RangeLength);
            }

            _survivalRanges += data.Count;
        }
    }

    private void OnMoved(GCBulkMovedObjectRangesTraceData data)
    {
        lock (_gate)
        {
            for (int i = 0; i < data.Count; i++)
            {
                var range = data.Values(i);
                _tracker.Moved(range.OldRangeBase, range.NewRangeBase, range.RangeLength);
            }

            _movedRanges += data.Count;
        }
    }

    private sealed record Site(CapturedFrame[] Stack, string TypeName, int Kind)
    {
        public AllocationTotals Allocated { get; } = new();
    }
}

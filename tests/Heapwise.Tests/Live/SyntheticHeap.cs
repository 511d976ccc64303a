using Heapwise.Collection;

namespace Heapwise.Tests.Live;

/// <summary>
/// A toy region-based GC heap that reports its collections the way the .NET 10 runtime does (generation ranges before
/// the GC from generation 4 down to 0, surviving or moved ranges in any order, generation ranges after the GC) and
/// knows the truth: where every sampled object is and whether it is alive. It is the naive model the
/// <see cref="LiveObjectTracker"/> is checked against: a dictionary of objects updated object by object.
/// </summary>
internal sealed class SyntheticHeap(int seed)
{
    private const ulong RegionSize = 0x10000;
    private const int LargeGeneration = 3;
    private const ulong RuntimeObjects = 0x1000_0000;

    private readonly Random _random = new(seed);
    private readonly List<Region>[] _generations = [[], [], [], []];
    private readonly Stack<ulong> _freeRegions = new();
    private ulong _nextRegion = 0x1_0000_0000;
    private int _gcNumber;

    /// <summary>The sampled objects alive now: address → site.</summary>
    public Dictionary<ulong, int> SampledAlive()
    {
        var alive = new Dictionary<ulong, int>();
        foreach (var region in _generations.SelectMany(g => g))
        {
            foreach (var item in region.Objects.Where(o => o.Sampled))
            {
                alive.Add(item.Address, item.Site);
            }
        }

        return alive;
    }

    /// <summary>Allocates <paramref name="count"/> objects of site <paramref name="site"/>, sampling some and telling the tracker about those.</summary>
    public void Allocate(LiveObjectTracker tracker, int count, int site, bool large, double sampledShare)
    {
        for (int i = 0; i < count; i++)
        {
            long size = large ? _random.Next(512, 4096) * 8L : _random.Next(2, 128) * 8L;
            int generation = large ? LargeGeneration : 0;
            var region = _generations[generation].LastOrDefault();
            if (region is null || region.Used + (ulong)size > RegionSize)
            {
                region = new Region(NewRegion());
                _generations[generation].Add(region);
            }

            var item = new HeapObject(region.Start + region.Used, size, site, _random.NextDouble() < sampledShare);
            region.Used += (ulong)size;
            region.Objects.Add(item);
            if (item.Sampled)
            {
                tracker.Allocated(item.Address, size, site);
            }
        }
    }

    /// <summary>Collects generations 0 to <paramref name="depth"/> (and the large objects with 2), each object surviving with the given chance.</summary>
    public void Collect(LiveObjectTracker tracker, int depth, bool compact, double survival)
    {
        int number = ++_gcNumber;
        tracker.GcStarted(number, depth);
        ReportRanges(tracker);

        var reports = new List<(ulong Old, ulong New, ulong Length)>();
        var condemned = Enumerable.Range(0, depth + 1).Append(depth == 2 ? LargeGeneration : -1).Where(g => g >= 0).ToList();
        var survivorsByTarget = new Dictionary<int, List<HeapObject>>();
        // Taken out first: regions promoted into a condemned generation must not be collected twice.
        var taken = condemned.ToDictionary(g => g, g => _generations[g]);
        condemned.ForEach(g => _generations[g] = []);
        foreach (var (generation, regions) in taken)
        {
            int target = generation is LargeGeneration or 2 ? generation : generation + 1;
            foreach (var region in regions)
            {
                var survivors = region.Objects.Where(_ => _random.NextDouble() < survival).ToList();
                if (!compact)
                {
                    // Swept in place: the region keeps its survivors and is promoted whole.
                    AddRuns(reports, survivors.Select(s => (s, s.Address)));
                    region.Objects.Clear();
                    region.Objects.AddRange(survivors);
                    _generations[target].Add(region);
                }
                else
                {
                    survivorsByTarget.TryAdd(target, []);
                    survivorsByTarget[target].AddRange(survivors);
                    _freeRegions.Push(region.Start);
                }
            }
        }

        foreach (var (target, survivors) in survivorsByTarget)
        {
            // Compacted into regions that may be the ones just freed, so new addresses land on old ones.
            var placed = new List<(HeapObject Object, ulong NewAddress)>();
            Region? into = null;
            foreach (var item in survivors)
            {
                if (into is null || into.Used + (ulong)item.Size > RegionSize)
                {
                    into = new Region(NewRegion());
                    _generations[target].Add(into);
                }

                var moved = item with { Address = into.Start + into.Used };
                into.Used += (ulong)item.Size;
                into.Objects.Add(moved);
                placed.Add((item, moved.Address));
            }

            AddRuns(reports, placed);
        }

        // The runtime reports in heap order per GC thread; any order must do.
        foreach (var (old, @new, length) in reports.OrderBy(_ => _random.Next()))
        {
            if (old == @new)
            {
                tracker.Survived(old, length);
            }
            else
            {
                tracker.Moved(old, @new, length);
            }
        }

        ReportRanges(tracker);
        tracker.GcEnded(number);
    }

    /// <summary>
    /// A background GC as the .NET 10 runtime reports it with regions: its start; a blocking gen-1 GC inside it; the
    /// generation ranges; then, while it marks, <paramref name="allocateWhileMarking"/> (allocations, foreground GCs),
    /// which places new objects beyond the ranges it reported. Its sweep frees dead objects of every generation in place,
    /// gen 0 and 1 included, without reporting them; at its end, with the program stopped, it walks the whole heap and
    /// reports every run of objects that are not free space as surviving in place; then the ranges after it and its end.
    /// </summary>
    public void CollectInBackground(LiveObjectTracker tracker, double survival, double sampledShare, Action allocateWhileMarking)
    {
        int number = ++_gcNumber;
        tracker.GcStarted(number, 2, background: true);
        Collect(tracker, 1, compact: _random.Next(2) == 0, survival);
        ReportRanges(tracker);
        allocateWhileMarking();

        foreach (var region in _generations.SelectMany(g => g))
        {
            var before = region.Objects.ToList();
            region.Objects.RemoveAll(_ => _random.NextDouble() >= survival);
            Refill(tracker, region, before, sampledShare);
        }

        // The runtime's own objects (its statics, type objects) never die, so a real walk never reports nothing.
        var reports = new List<(ulong Old, ulong New, ulong Length)> { (RuntimeObjects, RuntimeObjects, RegionSize) };
        foreach (var region in _generations.SelectMany(g => g).OrderBy(r => r.Start))
        {
            AddRuns(reports, region.Objects.Select(o => (o, o.Address)));
        }

        foreach (var (old, _, length) in reports.OrderBy(_ => _random.Next()))
        {
            tracker.Survived(old, length);
        }

        ReportRanges(tracker);
        tracker.GcEnded(number);
    }

    // The program allocating during the sweep, into memory it freed: at the start of some freed objects, a new object
    // that ends before the freed one did (as in the live workload, where the gap before each array is the 24 bytes
    // left of its allocation context, so a same-size array put at the gap's start ends 24 bytes short).
    private void Refill(LiveObjectTracker tracker, Region region, List<HeapObject> before, double sampledShare)
    {
        var alive = region.Objects.ToHashSet();
        foreach (var dead in before.Where(o => !alive.Contains(o) && o.Size > 16 && _random.Next(2) == 0))
        {
            var item = new HeapObject(dead.Address, _random.Next(1, (int)(dead.Size / 8)) * 8L, dead.Site, _random.NextDouble() < sampledShare);
            region.Objects.Add(item);
            if (item.Sampled)
            {
                tracker.Allocated(item.Address, item.Size, item.Site);
            }
        }

        region.Objects.Sort((a, b) => a.Address.CompareTo(b.Address));
    }

    // Consecutive objects that stay consecutive form one range, as the runtime reports plugs.
    private static void AddRuns(List<(ulong Old, ulong New, ulong Length)> reports, IEnumerable<(HeapObject Object, ulong NewAddress)> placed)
    {
        (ulong Old, ulong New, ulong Length)? run = null;
        foreach (var (item, newAddress) in placed)
        {
            if (run is { } r && r.Old + r.Length == item.Address && r.New + r.Length == newAddress)
            {
                run = (r.Old, r.New, r.Length + (ulong)item.Size);
                continue;
            }

            if (run is { } done)
            {
                reports.Add(done);
            }

            run = (item.Address, newAddress, (ulong)item.Size);
        }

        if (run is { } last)
        {
            reports.Add(last);
        }
    }

    private void ReportRanges(LiveObjectTracker tracker)
    {
        for (int generation = 4; generation >= 0; generation--)
        {
            if (generation < _generations.Length)
            {
                foreach (var region in _generations[generation])
                {
                    tracker.GenerationRange(generation, region.Start, region.Used);
                }
            }
        }
    }

    private ulong NewRegion()
    {
        if (_freeRegions.Count > 0 && _random.Next(2) == 0)
        {
            return _freeRegions.Pop();
        }

        ulong start = _nextRegion;
        _nextRegion += RegionSize;
        return start;
    }

    private sealed class Region(ulong start)
    {
        public ulong Start { get; } = start;

        public ulong Used { get; set; }

        public List<HeapObject> Objects { get; } = [];
    }

    private sealed record HeapObject(ulong Address, long Size, int Site, bool Sampled);
}

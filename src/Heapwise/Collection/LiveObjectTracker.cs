namespace Heapwise.Collection;

/// <summary>
/// Follows sampled objects through garbage collections, from the runtime's reports of what each GC condemned, what
/// survived in place and what moved where, so that at any moment the sampled objects still alive are known.
/// Independent of EventPipe: it is fed addresses and ranges, so it can be tested with synthetic GC sequences.
/// </summary>
/// <remarks>
/// <para>
/// What one GC reports, in order (measured on .NET 10 with regions, see docs/architecture.md): <c>GCStart</c> with
/// the condemned generation; the generation ranges before the GC (generations 4, 3, 2, 1, 0, several ranges each);
/// the surviving ranges (objects left in place) and moved ranges (old start, new start, length) of the condemned
/// generations; the generation ranges after the GC (4 down to 0 again); <c>GCEnd</c>. A sampled object dies in a GC
/// when it lies in a range of a condemned generation (before the GC) and in no surviving or moved range.
/// </para>
/// <para>
/// The table is an array of entries sorted by address, re-sorted once per GC after moves: each GC costs
/// O(n log n + r log r) for n tracked objects and r reported ranges (looked up by binary search), and allocations
/// between GCs are appended in O(1). n is small (one object per 100 KiB allocated that is still alive, e.g. 10,000
/// for 1 GB), r is at most about 10,000 per GC; a tree would cost more per allocation and buy nothing per GC.
/// </para>
/// <para>
/// Background GCs run while the program allocates and may contain foreground GCs: GCs are kept on a stack, ranges go
/// to the innermost one. A background GC frees dead objects of every generation, gen0 and gen1 included, among them
/// objects allocated while it marked, which lie in no range it reported at its start. It does not report them as it
/// goes: at its end, with the program stopped, it walks the whole heap (<c>walk_survivors_for_bgc</c> in the runtime's
/// gc.cpp, every generation with regions) and reports every run of objects that are not free space as surviving. So
/// for a background GC that reported survivors, every object allocated or moved before that walk and in no surviving
/// range is dead, wherever it lies; objects allocated after the walk began are not its to judge.
/// </para>
/// <para>
/// The sweep runs while the program allocates, so memory it freed may hold new objects before the walk, which then
/// reports them at the dead object's address. The tracker sees that when the dead object is not wholly inside the
/// surviving range that holds its address (ranges hold whole objects), or when a sampled allocation overlaps it. It
/// cannot see it when new objects cover the dead one's bytes exactly, within one run of objects: that dead object stays
/// counted. Measured with the live workload (see docs/architecture.md), no such object was left.
/// </para>
/// </remarks>
internal sealed class LiveObjectTracker
{
    /// <summary>Generation numbers of the large and pinned object heaps, collected only with generation 2.</summary>
    private const int LargeObjectGeneration = 3;

    private readonly List<TrackedObject> _objects = [];
    private readonly Stack<GcInProgress> _gcs = new();
    private long _clock;
    private long _lastCollectionEnd;
    private bool _sorted = true;

    /// <summary>Sampled objects currently believed alive.</summary>
    public int Count => _objects.Count;

    /// <summary>GCs whose end was applied.</summary>
    public long CollectionsApplied { get; private set; }

    /// <summary>GCs that ended without any generation range before them (events lost): nothing was declared dead in them.</summary>
    public long CollectionsWithoutRanges { get; private set; }

    /// <summary>GC ends that matched no GC start (the session began during that GC), ignored.</summary>
    public long UnmatchedEnds { get; private set; }

    /// <summary>Sampled objects declared dead so far.</summary>
    public long Died { get; private set; }

    /// <summary>Records a sampled object at <paramref name="address"/>, belonging to allocation site <paramref name="site"/>.</summary>
    /// <param name="address">The object's address as the allocation event reports it.</param>
    /// <param name="size">The object's size in bytes.</param>
    /// <param name="site">The caller's index of the allocation site (stack, type, kind).</param>
    public void Allocated(ulong address, long size, int site)
    {
        if (_objects.Count > 0 && _objects[^1].Address >= address)
        {
            _sorted = false;
        }

        _objects.Add(new TrackedObject(address, size, site, ++_clock));
    }

    /// <summary>A GC started, condemning generations 0 to <paramref name="condemnedGeneration"/>.</summary>
    /// <param name="gcNumber">The runtime's GC index, which the GC's end names again.</param>
    /// <param name="condemnedGeneration">The oldest generation it collects (2 collects the large and pinned heaps too).</param>
    /// <param name="background">Whether it is a background GC, whose survivors are a walk of the whole heap at its end.</param>
    public void GcStarted(int gcNumber, int condemnedGeneration, bool background = false) =>
        _gcs.Push(new GcInProgress(gcNumber, condemnedGeneration, ++_clock, background));

    /// <summary>A generation range reported by the current GC; only those before its survivors are kept.</summary>
    public void GenerationRange(int generation, ulong start, ulong length)
    {
        if (!_gcs.TryPeek(out var gc) || gc.RangesDone || length == 0)
        {
            return;
        }

        // The ranges before the GC run from generation 4 down to 0; a higher generation starts the list after the GC.
        if (gc.SawRanges && generation > gc.LastGeneration)
        {
            EndRangesBefore(gc);
            return;
        }

        gc.LastGeneration = generation;
        gc.SawRanges = true;
        if (generation <= gc.CondemnedGeneration || (gc.CondemnedGeneration >= 2 && generation >= LargeObjectGeneration))
        {
            gc.Condemned.Add(new AddressRange(start, length, start));
        }
    }

    /// <summary>Objects in [<paramref name="start"/>, +<paramref name="length"/>) survived the current GC in place.</summary>
    public void Survived(ulong start, ulong length) => Moved(start, start, length);

    /// <summary>Objects in [<paramref name="oldStart"/>, +<paramref name="length"/>) survived the current GC and now start at <paramref name="newStart"/>.</summary>
    public void Moved(ulong oldStart, ulong newStart, ulong length)
    {
        if (!_gcs.TryPeek(out var gc) || length == 0)
        {
            return;
        }

        EndRangesBefore(gc);
        gc.SawSurvivors = true;
        gc.Survivors.Add(new AddressRange(oldStart, length, newStart));
    }

    /// <summary>GC <paramref name="gcNumber"/> ended: moves its survivors and drops the sampled objects it collected.</summary>
    public void GcEnded(int gcNumber)
    {
        if (!_gcs.Any(g => g.Number == gcNumber))
        {
            UnmatchedEnds++;
            return;
        }

        GcInProgress gc;
        do
        {
            // A GC whose end was lost is closed with the one that encloses it.
            gc = _gcs.Pop();
            Apply(gc);
        }
        while (gc.Number != gcNumber);
    }

    /// <summary>The sampled objects believed alive, allocated since the last GC included, in no particular order.</summary>
    public IEnumerable<TrackedObject> LiveObjects => _objects;

    /// <summary>
    /// The sampled objects alive at the end of the last GC, as Go's heap profile counts them: what was allocated since
    /// may already be garbage, and only a GC can tell.
    /// </summary>
    public IEnumerable<TrackedObject> LiveAtLastCollection => _objects.Where(o => o.Stamp <= _lastCollectionEnd);

    private void EndRangesBefore(GcInProgress gc)
    {
        gc.RangesDone = true;
        if (gc.JudgedBefore == long.MaxValue)
        {
            // What is allocated from here on (during a background GC's sweep) is not judged by this GC.
            gc.JudgedBefore = ++_clock;
        }
    }

    private void Apply(GcInProgress gc)
    {
        CollectionsApplied++;
        // A background GC's survivors are the whole heap as it was when they were reported (see the remarks).
        bool walkedHeap = gc.Background && gc.SawSurvivors;
        if (!gc.SawRanges && !walkedHeap)
        {
            CollectionsWithoutRanges++;
        }

        SortObjects();
        gc.Condemned.Sort(AddressRange.ByStart);
        gc.Survivors.Sort(AddressRange.ByStart);
        int kept = 0;
        bool moved = false;
        for (int i = 0; i < _objects.Count; i++)
        {
            var item = _objects[i];
            // Allocated before the GC reported its survivors, or moved before the GC started (or, for a heap walk,
            // before the walk): this GC judges it.
            bool judged = item.Moved && !walkedHeap ? item.Stamp < gc.Stamp : item.Stamp < gc.JudgedBefore;
            if (judged)
            {
                if (Find(gc.Survivors, item.Address) is { } survivor)
                {
                    if (item.Address + (ulong)item.Size > survivor.Start + survivor.Length)
                    {
                        // A surviving range holds whole objects: this one pokes out of it, so it is gone and the range
                        // holds newer objects in its memory (freed by a background GC's sweep, refilled before its walk).
                        Died++;
                        continue;
                    }

                    ulong newAddress = survivor.NewStart + (item.Address - survivor.Start);
                    if (newAddress != item.Address)
                    {
                        item = item with { Address = newAddress, Stamp = ++_clock, Moved = true };
                        moved = true;
                    }
                }
                else if (walkedHeap || Find(gc.Condemned, item.Address) is not null)
                {
                    Died++;
                    continue;
                }
            }

            _objects[kept++] = item;
        }

        _objects.RemoveRange(kept, _objects.Count - kept);
        _sorted = !moved;
        _lastCollectionEnd = ++_clock;
    }

    private void SortObjects()
    {
        if (_sorted)
        {
            return;
        }

        _objects.Sort(static (a, b) => a.Address != b.Address ? a.Address.CompareTo(b.Address) : a.Stamp.CompareTo(b.Stamp));
        _sorted = true;

        // Two objects whose bytes overlap: the older one died unseen (in a GC whose report was lost, or in a background
        // GC's sweep before its walk) and its memory was reused.
        int kept = 0;
        for (int i = 0; i < _objects.Count; i++)
        {
            var item = _objects[i];
            if (kept > 0 && _objects[kept - 1] is var previous && previous.Address + (ulong)previous.Size > item.Address)
            {
                Died++;
                if (previous.Stamp < item.Stamp)
                {
                    _objects[kept - 1] = item;
                }

                continue;
            }

            _objects[kept++] = item;
        }

        _objects.RemoveRange(kept, _objects.Count - kept);
    }

    // The range holding address in ranges sorted by start, or null. Ranges of one GC do not overlap.
    private static AddressRange? Find(List<AddressRange> ranges, ulong address)
    {
        int low = 0;
        int high = ranges.Count - 1;
        int found = -1;
        while (low <= high)
        {
            int middle = low + ((high - low) / 2);
            if (ranges[middle].Start <= address)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return found >= 0 && address - ranges[found].Start < ranges[found].Length ? ranges[found] : null;
    }

    private sealed class GcInProgress(int number, int condemnedGeneration, long stamp, bool background)
    {
        public int Number { get; } = number;

        public int CondemnedGeneration { get; } = condemnedGeneration;

        public bool Background { get; } = background;

        public bool SawSurvivors { get; set; }

        // Objects allocated or moved after this (by an enclosed GC) are not this GC's to collect.
        public long Stamp { get; } = stamp;

        // The ranges of the condemned generations as they were before the GC.
        public List<AddressRange> Condemned { get; } = [];

        public bool SawRanges { get; set; }

        public List<AddressRange> Survivors { get; } = [];

        // Objects allocated after this (when the GC began reporting survivors) are not this GC's to judge.
        public long JudgedBefore { get; set; } = long.MaxValue;

        public int LastGeneration { get; set; } = int.MaxValue;

        public bool RangesDone { get; set; }
    }

    private readonly record struct AddressRange(ulong Start, ulong Length, ulong NewStart)
    {
        public static readonly Comparison<AddressRange> ByStart = static (a, b) => a.Start.CompareTo(b.Start);
    }
}

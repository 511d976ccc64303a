namespace Heapwise.Collection;

/// <summary>
/// What a <see cref="LiveHeapCollector"/> knew at one moment, copied out so a profile can be built from it on any thread
/// while recording goes on: every allocation site with what it allocated and what of it is still alive, and the
/// tracker's counters for the notes.
/// </summary>
/// <param name="Sites">Every allocation site seen so far.</param>
/// <param name="LastCollection">The runtime's index of the latest GC whose end was read (0 before any): in use means alive at its end.</param>
/// <param name="CollectionsApplied">GCs applied so far.</param>
/// <param name="Died">Sampled objects declared dead so far.</param>
/// <param name="Tracked">Sampled objects believed alive, those allocated since the last GC included.</param>
/// <param name="SurvivalRanges">Surviving ranges reported so far.</param>
/// <param name="MovedRanges">Moved ranges reported so far.</param>
/// <param name="CollectionsWithoutRanges">GCs that came without generation ranges (events lost).</param>
internal sealed record LiveHeapSnapshot(
    IReadOnlyList<LiveHeapSite> Sites,
    long LastCollection,
    long CollectionsApplied,
    long Died,
    int Tracked,
    long SurvivalRanges,
    long MovedRanges,
    long CollectionsWithoutRanges);

/// <summary>One allocation site of a <see cref="LiveHeapSnapshot"/>.</summary>
/// <param name="Stack">The allocating stack, leaf first.</param>
/// <param name="TypeName">The allocated type as the runtime names it.</param>
/// <param name="Kind">The heap (0 small, 1 large, 2 pinned).</param>
/// <param name="Allocated">Up-scaled sums of everything sampled at the site.</param>
/// <param name="InUse">Up-scaled sums of the sampled objects alive at the end of the last GC.</param>
internal sealed record LiveHeapSite(IReadOnlyList<CapturedFrame> Stack, string TypeName, int Kind, AllocationTotals Allocated, AllocationTotals InUse);

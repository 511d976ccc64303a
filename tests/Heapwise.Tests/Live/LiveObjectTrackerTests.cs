using CsCheck;
using Heapwise.Collection;

namespace Heapwise.Tests.Live;

/// <summary>
/// The tracker against a toy heap that knows the truth (<see cref="SyntheticHeap"/>), over random sequences of
/// allocations and sweeping or compacting GCs of every depth, and on hand-made event orders the runtime produces
/// (background GCs holding foreground ones, lost events).
/// </summary>
public sealed class LiveObjectTrackerTests
{
    private static readonly Gen<Step> Allocations =
        Gen.Select(Gen.Int[1, 300], Gen.Int[0, 3], Gen.Bool, (count, site, large) => (Step)new AllocateStep(count, site, large));

    // Foreground GCs, which may also run inside a background GC, are gen 0 or 1 there.
    private static readonly Gen<Step> ForegroundSteps = Gen.OneOf(Allocations,
        Gen.Select(Gen.Int[0, 1], Gen.Bool, Gen.Int[0, 100], (depth, compact, survival) => (Step)new CollectStep(depth, compact, survival / 100.0)));

    private static readonly Gen<Step> Steps = Gen.OneOf(
        Allocations,
        Gen.Select(Gen.Int[0, 2], Gen.Bool, Gen.Int[0, 100], (depth, compact, survival) => (Step)new CollectStep(depth, compact, survival / 100.0)),
        Gen.Select(Gen.Int[0, 100], ForegroundSteps.List[0, 6], (survival, inside) => (Step)new BackgroundStep(survival / 100.0, inside)));

    [Fact]
    public void After_every_GC_the_tracked_objects_are_exactly_the_sampled_objects_alive_where_they_now_are()
    {
        Gen.Select(Gen.Int, Gen.Double[0.05, 1.0], Steps.List[1, 40]).Sample((seed, sampledShare, steps) =>
        {
            var heap = new SyntheticHeap(seed);
            var tracker = new LiveObjectTracker();
            Run(heap, tracker, steps, sampledShare);
            Assert.Equal(Sorted(heap.SampledAlive()), Sorted(tracker.LiveObjects));
        }, iter: 300);
    }

    [Fact]
    public void Background_GCs_collect_what_died_in_every_generation_including_objects_allocated_while_they_marked()
    {
        // Each sequence allocates, then runs a background GC that allocates and runs foreground GCs while it marks.
        var sequences = Gen.Select(Allocations.List[1, 4], ForegroundSteps.List[1, 8], Gen.Int[0, 100],
            (before, inside, survival) => before.Append(new BackgroundStep(survival / 100.0, inside)).ToList());
        Gen.Select(Gen.Int, Gen.Double[0.05, 1.0], sequences.List[1, 4]).Sample((seed, sampledShare, rounds) =>
        {
            var heap = new SyntheticHeap(seed);
            var tracker = new LiveObjectTracker();
            foreach (var steps in rounds)
            {
                Run(heap, tracker, steps, sampledShare);
            }

            Assert.Equal(Sorted(heap.SampledAlive()), Sorted(tracker.LiveObjects));
        }, iter: 300);
    }

    // Runs the steps, checking the tracker against the heap after every GC.
    private static void Run(SyntheticHeap heap, LiveObjectTracker tracker, IEnumerable<Step> steps, double sampledShare)
    {
        foreach (var step in steps)
        {
            switch (step)
            {
                case AllocateStep a:
                    heap.Allocate(tracker, a.Count, a.Site, a.Large, sampledShare);
                    break;
                case CollectStep c:
                    heap.Collect(tracker, c.Depth, c.Compact, c.Survival);
                    Assert.Equal(Sorted(heap.SampledAlive()), Sorted(tracker.LiveAtLastCollection));
                    break;
                case BackgroundStep b:
                    heap.CollectInBackground(tracker, b.Survival, sampledShare, () => Run(heap, tracker, b.WhileMarking, sampledShare));
                    Assert.Equal(Sorted(heap.SampledAlive()), Sorted(tracker.LiveAtLastCollection));
                    break;
            }
        }
    }

    [Fact]
    public void Objects_allocated_after_the_last_GC_are_tracked_but_not_yet_counted_in_use()
    {
        var tracker = new LiveObjectTracker();
        tracker.Allocated(0x1000, 100, site: 0);
        Gc(tracker, 1, depth: 0, ranges: [(0, 0x1000, 0x1000)], survivors: [(0x1000, 0x8000, 100)]);
        tracker.Allocated(0x2000, 100, site: 1);

        Assert.Equal([(0x8000UL, 0)], tracker.LiveAtLastCollection.Select(o => (o.Address, o.Site)));
        Assert.Equal(2, tracker.Count);
    }

    [Fact]
    public void Objects_outside_the_condemned_generations_survive_untouched()
    {
        var tracker = new LiveObjectTracker();
        tracker.Allocated(0x1000, 100, site: 0); // will be in generation 2
        tracker.Allocated(0x5000, 100, site: 1); // generation 0, dies
        tracker.Allocated(0x9000, 100, site: 2); // large object heap, not condemned by a gen-1 GC

        Gc(tracker, 1, depth: 1, ranges: [(3, 0x9000, 0x1000), (2, 0x1000, 0x1000), (0, 0x5000, 0x1000)], survivors: []);

        Assert.Equal([0, 2], tracker.LiveAtLastCollection.Select(o => o.Site).Order());
        Assert.Equal(1, tracker.Died);
    }

    [Fact]
    public void A_gen2_GC_condemns_the_large_and_pinned_heaps_too()
    {
        var tracker = new LiveObjectTracker();
        tracker.Allocated(0x9000, 100_000, site: 0);
        tracker.Allocated(0xA0000, 100, site: 1);

        Gc(tracker, 1, depth: 2, ranges: [(4, 0xA0000, 0x1000), (3, 0x9000, 0x20000)], survivors: []);

        Assert.Empty(tracker.LiveObjects);
    }

    [Fact]
    public void Ranges_after_the_survivors_are_the_heap_after_the_GC_and_condemn_nothing()
    {
        var tracker = new LiveObjectTracker();
        tracker.Allocated(0x1000, 100, site: 0);
        tracker.GcStarted(1, 0);
        tracker.GenerationRange(2, 0x1000, 0x1000);
        tracker.GenerationRange(0, 0x8000, 0x1000);
        tracker.Survived(0x8000, 0x10);
        tracker.GenerationRange(0, 0x1000, 0x1000); // after: must not condemn the gen-2 object
        tracker.GcEnded(1);

        Assert.Single(tracker.LiveObjects);
    }

    [Fact]
    public void A_GC_without_generation_ranges_collects_nothing_and_is_counted()
    {
        var tracker = new LiveObjectTracker();
        tracker.Allocated(0x1000, 100, site: 0);

        Gc(tracker, 1, depth: 2, ranges: [], survivors: []);

        Assert.Single(tracker.LiveObjects);
        Assert.Equal(1, tracker.CollectionsWithoutRanges);
    }

    [Fact]
    public void A_background_GC_judges_every_object_by_the_heap_walk_at_its_end_wherever_it_lies()
    {
        var tracker = new LiveObjectTracker();
        tracker.Allocated(0x1000, 100, site: 0); // gen 2, dies in the background GC
        tracker.Allocated(0x2000, 100, site: 1); // gen 2, survives it
        tracker.Allocated(0x5000, 100, site: 2); // gen 0, moved by the foreground GC inside, then dies
        tracker.Allocated(0x5100, 100, site: 3); // gen 0, moved by the foreground GC inside, survives
        tracker.GcStarted(10, 2, background: true);
        tracker.GenerationRange(2, 0x1000, 0x2000);
        Gc(tracker, 11, depth: 0, ranges: [(2, 0x1000, 0x2000), (0, 0x5000, 0x1000)], survivors: [(0x5000, 0x9000, 0x200)]);
        tracker.Allocated(0x9800, 100, site: 4); // while it marks, beyond every range it reported; dies
        tracker.Allocated(0x9900, 100, site: 5); // while it marks, survives

        // The walk: everything that is not free space, in place, in all generations.
        tracker.Survived(0x2000, 100);
        tracker.Survived(0x9100, 100);
        tracker.Survived(0x9900, 100);
        tracker.GcEnded(10);

        Assert.Equal([(0x2000UL, 1), (0x9100UL, 3), (0x9900UL, 5)], tracker.LiveObjects.Select(o => (o.Address, o.Site)).Order());
        Assert.Equal(0, tracker.CollectionsWithoutRanges);
    }

    [Fact]
    public void A_background_GC_does_not_judge_what_was_allocated_after_its_heap_walk()
    {
        var tracker = new LiveObjectTracker();
        tracker.GcStarted(20, 2, background: true);
        tracker.GenerationRange(2, 0x1000, 0x1000);
        tracker.GenerationRange(0, 0x8000, 0x4000);
        tracker.Allocated(0x8100, 100, site: 0); // while it marks, dead by its end
        tracker.Allocated(0x8200, 100, site: 1); // while it marks, alive
        tracker.Survived(0x8200, 100);
        tracker.Allocated(0x8300, 100, site: 2); // after the walk, before its end event: not its to judge
        tracker.GcEnded(20);

        Assert.Equal([1, 2], tracker.LiveObjects.Select(o => o.Site).Order());
    }

    [Fact]
    public void A_background_GC_without_survivor_reports_collects_nothing_outside_its_ranges()
    {
        // Without the walk (events lost), nothing says what lies beyond the ranges it reported is dead.
        var tracker = new LiveObjectTracker();
        tracker.GcStarted(30, 2, background: true);
        tracker.GenerationRange(0, 0x8000, 0x100);
        tracker.Allocated(0x9000, 100, site: 0);
        tracker.GcEnded(30);

        Assert.Single(tracker.LiveObjects);
    }

    [Fact]
    public void An_object_that_pokes_out_of_the_surviving_range_at_its_address_died_and_its_memory_holds_newer_objects()
    {
        var tracker = new LiveObjectTracker();
        tracker.Allocated(0x1018, 0x8000, site: 0); // freed by the background GC's sweep
        tracker.Allocated(0x20000, 0x8000, site: 1); // alive
        tracker.GcStarted(40, 2, background: true);
        tracker.GenerationRange(0, 0x1000, 0x30000);

        // Its walk: a new, unsampled array put at the start of the freed gap, 24 bytes before, ends 24 bytes short.
        tracker.Survived(0x1000, 0x8000);
        tracker.Survived(0x20000, 0x8000);
        tracker.GcEnded(40);

        Assert.Equal([1], tracker.LiveObjects.Select(o => o.Site));
    }

    [Fact]
    public void A_sampled_allocation_overlapping_a_tracked_object_means_that_object_died_unseen()
    {
        var tracker = new LiveObjectTracker();
        tracker.Allocated(0x1018, 0x8000, site: 0);
        tracker.Allocated(0x1000, 0x8000, site: 1); // in the same memory, so the first is gone
        tracker.Allocated(0x9018, 0x8000, site: 2); // older than the next, which it overlaps: it is gone
        tracker.Allocated(0x11000, 0x100, site: 3); // touches nothing

        Gc(tracker, 1, depth: 2, ranges: [], survivors: []);

        Assert.Equal([1, 3], tracker.LiveObjects.Select(o => o.Site).Order());
        Assert.Equal(2, tracker.Died);
    }

    [Fact]
    public void A_lost_GC_end_is_closed_by_the_end_of_the_GC_around_it()
    {
        var tracker = new LiveObjectTracker();
        tracker.Allocated(0x1000, 100, site: 0);
        tracker.GcStarted(5, 2);
        tracker.GcStarted(6, 0);
        tracker.GenerationRange(0, 0x1000, 0x1000);
        tracker.GcEnded(5);
        tracker.GcEnded(99);

        Assert.Empty(tracker.LiveObjects);
        Assert.Equal(2, tracker.CollectionsApplied);
        Assert.Equal(1, tracker.UnmatchedEnds);
    }

    [Fact]
    public void A_reused_address_means_the_older_object_died_unseen()
    {
        var tracker = new LiveObjectTracker();
        tracker.Allocated(0x1000, 100, site: 0);
        tracker.Allocated(0x1000, 100, site: 1);

        Gc(tracker, 1, depth: 2, ranges: [], survivors: []);

        Assert.Equal([1], tracker.LiveObjects.Select(o => o.Site));
    }

    private static void Gc(LiveObjectTracker tracker, int number, int depth, (int Generation, ulong Start, ulong Length)[] ranges,
        (ulong Old, ulong New, ulong Length)[] survivors)
    {
        tracker.GcStarted(number, depth);
        foreach (var (generation, start, length) in ranges)
        {
            tracker.GenerationRange(generation, start, length);
        }

        foreach (var (old, @new, length) in survivors)
        {
            tracker.Moved(old, @new, length);
        }

        tracker.GcEnded(number);
    }

    private static List<(ulong, int)> Sorted(Dictionary<ulong, int> alive) => [.. alive.Select(p => (p.Key, p.Value)).Order()];

    private static List<(ulong, int)> Sorted(IEnumerable<TrackedObject> tracked) => [.. tracked.Select(o => (o.Address, o.Site)).Order()];

    private abstract record Step;

    private sealed record AllocateStep(int Count, int Site, bool Large) : Step;

    private sealed record CollectStep(int Depth, bool Compact, double Survival) : Step;

    private sealed record BackgroundStep(double Survival, IReadOnlyList<Step> WhileMarking) : Step;
}

using Heapwise.Runtime;

namespace Heapwise.Tests.Monitoring;

public sealed class MemoryRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Threshold_rules_fire_above_their_threshold_and_say_so_once()
    {
        var rules = new MemoryRules(new MemoryRuleOptions { MaxHeapBytes = 100 << 20, MaxGcPauseShare = 0.1, MaxAllocationBytesPerSecond = 50 << 20, LeakWindow = TimeSpan.Zero });

        var calm = rules.Evaluate(Reading(0, heap: 50 << 20, pause: 0.01, alloc: 10 << 20));
        var busy = rules.Evaluate(Reading(1, heap: 150 << 20, pause: 0.2, alloc: 80 << 20));
        var still = rules.Evaluate(Reading(2, heap: 150 << 20, pause: 0.2, alloc: 80 << 20));

        Assert.All(calm, s => Assert.Equal(RuleStatus.Ok, s.Status));
        Assert.Equal(["heap-size", "gc-pause", "allocation-rate"], busy.Select(s => s.Rule));
        Assert.All(busy, s => Assert.True(s.Status == RuleStatus.Firing && s.StartedFiring));
        Assert.All(still, s => Assert.True(s.Status == RuleStatus.Firing && !s.StartedFiring));
        Assert.Equal("heap 150 MB is over 100 MB", busy[0].Message);
        Assert.Equal("GC pauses took 20% of the time (over 10%)", busy[1].Message);
    }

    [Fact]
    public void A_rule_that_recovers_fires_again_as_a_new_streak()
    {
        var rules = new MemoryRules(new MemoryRuleOptions { MaxHeapBytes = 100, LeakWindow = TimeSpan.Zero, MaxGcPauseShare = null });

        Assert.True(rules.Evaluate(Reading(0, heap: 200))[0].StartedFiring);
        Assert.Equal(RuleStatus.Ok, rules.Evaluate(Reading(1, heap: 50))[0].Status);
        Assert.True(rules.Evaluate(Reading(2, heap: 200))[0].StartedFiring);
    }

    [Fact]
    public void Leak_fires_when_the_heap_after_full_collections_rises_at_each_of_enough_of_them()
    {
        var rules = LeakOnly();
        RuleState? state = null;
        long full = 0;
        for (int i = 0; i < 6; i++)
        {
            full++;
            state = rules.Evaluate(Reading(i, heapAfterFull: (100 + 20 * i) << 20, full: full)).Single();
            if (i < 4)
            {
                Assert.Equal(RuleStatus.Waiting, state.Status); // the first reading only sets the baseline
            }
        }

        Assert.Equal(RuleStatus.Firing, state!.Status);
        Assert.Equal("heap after full collections rose at each of the last 5, from 120 MB to 200 MB", state.Message);
    }

    [Fact]
    public void Leak_does_not_fire_when_a_full_collection_frees_memory_or_growth_is_small()
    {
        var falling = LeakOnly();
        var small = LeakOnly();
        long[] sawtooth = [100, 130, 160, 90, 120, 150];
        RuleState? a = null, b = null;
        for (int i = 0; i < sawtooth.Length; i++)
        {
            a = falling.Evaluate(Reading(i, heapAfterFull: sawtooth[i] << 20, full: i + 1)).Single();
            b = small.Evaluate(Reading(i, heapAfterFull: (500L << 20) + i * (1 << 20), full: i + 1)).Single(); // +1 MB each: under 16 MB and 20%
        }

        Assert.Equal(RuleStatus.Ok, a!.Status);
        Assert.Equal(RuleStatus.Ok, b!.Status);
    }

    [Fact]
    public void Leak_forgets_full_collections_older_than_its_window()
    {
        var rules = new MemoryRules(new MemoryRuleOptions { LeakWindow = TimeSpan.FromSeconds(10), MaxHeapBytes = null, MaxGcPauseShare = null });
        for (int i = 0; i < 6; i++)
        {
            rules.Evaluate(Reading(i, heapAfterFull: (100 + 20 * i) << 20, full: i + 1));
        }

        // A minute later, with no full collection since: the points left the window.
        var later = rules.Evaluate(Reading(66, heapAfterFull: 200 << 20, full: 6));

        Assert.Equal(RuleStatus.Waiting, later.Single().Status);
    }

    private static MemoryRules LeakOnly() =>
        new(new MemoryRuleOptions { LeakWindow = TimeSpan.FromMinutes(10), MaxHeapBytes = null, MaxGcPauseShare = null });

    private static MemoryReading Reading(int second, long heap = 1 << 20, double pause = 0, double alloc = 0, long? heapAfterFull = null, long full = 0) => new()
    {
        Time = Start.AddSeconds(second),
        HeapSizeBytes = heap,
        HeapAfterFullCollectionBytes = heapAfterFull,
        FullCollections = full,
        Collections = full,
        GcPauseShare = pause,
        AllocationBytesPerSecond = alloc,
    };
}

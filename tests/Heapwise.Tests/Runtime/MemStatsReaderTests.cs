using System.Runtime.CompilerServices;
using System.Text;
using Heapwise.Runtime;

namespace Heapwise.Tests.Runtime;

/// <summary><see cref="MemStatsReader"/> against what the test process really does.</summary>
public sealed class MemStatsReaderTests
{
    private static byte[][]? s_kept;

    [Fact]
    public void Allocated_bytes_grow_by_what_this_test_allocates()
    {
        var reader = new MemStatsReader();
        var before = reader.Read();
        Allocate10Megabytes();
        var after = reader.Read();

        // Other tests run in parallel and allocate too: at least the 10 MB, not exactly.
        Assert.True(after.TotalAllocatedBytes - before.TotalAllocatedBytes >= 10_000_000, $"{after.TotalAllocatedBytes - before.TotalAllocatedBytes}");
        Assert.True(after.AllocationRateBytesPerSecond > 0);
        Assert.True(after.RateWindow > TimeSpan.Zero);
        Assert.True(after.RateWindow < before.RateWindow, "the first reading's window runs from process start, the second from the first reading");
    }

    [Fact]
    public void Collections_and_pauses_grow_after_a_full_collection()
    {
        var reader = new MemStatsReader();
        var before = reader.Read();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var after = reader.Read();

        Assert.True(after.GcCount > before.GcCount);
        Assert.True(after.RecentGcCount >= 1);
        for (int g = 0; g <= 2; g++)
        {
            Assert.True(after.Generations[g].Collections > before.Generations[g].Collections, $"gen{g}");
        }

        Assert.Null(after.Generations[3].Collections);
        Assert.Equal(["gen0", "gen1", "gen2", "loh", "poh"], after.Generations.Select(g => g.Name));
        Assert.True(after.TotalPauseDuration > before.TotalPauseDuration);
        var full = after.LastCollections.Single(c => c.Kind == "full_blocking");
        Assert.Equal(2, full.Generation);
        Assert.True(full.Index > 0);
        Assert.NotEmpty(full.PauseDurations);
        Assert.InRange(after.RecentPauseShare, 0, 1);
    }

    [Fact]
    public void Sizes_and_limits_are_sane()
    {
        s_kept = [.. Enumerable.Range(0, 100).Select(_ => new byte[100_000])]; // 10 MB on the large object heap
        GC.Collect();
        var stats = new MemStatsReader().Read();
        GC.KeepAlive(s_kept);

        Assert.True(stats.HeapSizeBytes >= 10_000_000, $"heap {stats.HeapSizeBytes}");
        Assert.True(stats.Generations.Single(g => g.Name == "loh").SizeAfterBytes >= 10_000_000);
        Assert.True(stats.CommittedBytes >= stats.HeapSizeBytes - stats.FragmentedBytes);
        Assert.True(stats.WorkingSetBytes > stats.HeapSizeBytes / 2);
        Assert.True(stats.Limits.TotalAvailableMemoryBytes > 0);
        Assert.Equal(Environment.ProcessorCount, stats.Limits.ProcessorCount);
        Assert.Equal(System.Runtime.GCSettings.IsServerGC, stats.Limits.IsServerGC);
        Assert.Contains("ServerGC", stats.Limits.Configuration.Keys);
        s_kept = null;
    }

    [Fact]
    public void Json_round_trips_with_camel_case_names()
    {
        var stats = new MemStatsReader().Read();
        string json = Encoding.UTF8.GetString(MemStatsJson.ToUtf8(stats));

        Assert.Contains("\"totalAllocatedBytes\":", json, StringComparison.Ordinal);
        Assert.Contains("\"latencyMode\": \"", json, StringComparison.Ordinal);
        var back = MemStatsJson.Parse(json);
        Assert.NotNull(back);
        Assert.Equal(stats.TotalAllocatedBytes, back.TotalAllocatedBytes);
        Assert.Equal(stats.Generations, back.Generations);
        Assert.Equal(stats.TotalPauseDuration, back.TotalPauseDuration);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Allocate10Megabytes()
    {
        for (int i = 0; i < 10_000; i++)
        {
            s_kept = [new byte[1000]];
        }

        s_kept = null;
    }
}

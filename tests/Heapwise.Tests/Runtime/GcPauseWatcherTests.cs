using Heapwise.Runtime;
using Heapwise.Tests.Collection;

namespace Heapwise.Tests.Runtime;

/// <summary>The GC pause watcher on this process's real collections.</summary>
[Collection(EventPipeTests.Name)] // forces collections
public sealed class GcPauseWatcherTests
{
    [Fact]
    public void Every_collection_is_reported_once_even_when_several_pass_between_looks()
    {
        long reported = 0;
        long pauseTicks = 0;
        long before = GC.GetGCMemoryInfo(GCKind.Any).Index;
        var pauseBefore = GC.GetTotalPauseDuration();
        using var watcher = new GcPauseWatcher(pause =>
        {
            Interlocked.Increment(ref reported);
            Interlocked.Add(ref pauseTicks, pause.Ticks);
        });

        for (int i = 0; i < 5; i++)
        {
            GC.Collect(0);
            GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        }

        watcher.Poll();
        long after = GC.GetGCMemoryInfo(GCKind.Any).Index;
        var pauseAfter = GC.GetTotalPauseDuration();

        // Collections by other threads may fall before the watcher started or after the last look, never twice.
        Assert.InRange(Interlocked.Read(ref reported), 10, after - before);
        // Each collection's own pause and the runtime's total are rounded apart (the sum came out 2 ticks over): allow
        // a microsecond per collection.
        long count = Interlocked.Read(ref reported);
        Assert.InRange(Interlocked.Read(ref pauseTicks), 1, (pauseAfter - pauseBefore).Ticks + (count * TimeSpan.TicksPerMicrosecond));
    }

    [Fact]
    public void The_finalizer_reports_a_collection_without_being_asked()
    {
        long reported = 0;
        using var watcher = new GcPauseWatcher(_ => Interlocked.Increment(ref reported));

        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.True(Interlocked.Read(ref reported) >= 1);
    }

    [Fact]
    public void A_disposed_watcher_reports_nothing()
    {
        long reported = 0;
        var watcher = new GcPauseWatcher(_ => Interlocked.Increment(ref reported));
        watcher.Dispose();

        GC.Collect();
        GC.WaitForPendingFinalizers();
        watcher.Poll();

        Assert.Equal(0, Interlocked.Read(ref reported));
    }
}

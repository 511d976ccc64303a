using Heapwise.Testing;

namespace Heapwise.Samples.Tests;

/// <summary>The workloads leave no thread behind; a cache refresher that nobody stops does.</summary>
public sealed class WorkloadThreadTests
{
    [Fact]
    public void Running_every_optimized_workload_leaves_no_thread_behind()
    {
        ThreadLeakCheck.Verify(() =>
        {
            foreach (var workload in DemoWorkloads.All.Where(w => w.Optimized is not null))
            {
                workload.Optimized!();
            }
        });
    }

    [Fact]
    public void A_refresher_thread_nobody_stops_is_reported()
    {
        using var shutdown = new ManualResetEventSlim();
        Thread? refresher = null;
        var failure = Assert.Throws<ThreadLeakException>(() => ThreadLeakCheck.Verify(
            () => refresher = StartRefresher(shutdown),
            new ThreadLeakOptions { MaxWait = TimeSpan.FromSeconds(1) }));
        TestContext.Current.TestOutputHelper?.WriteLine(failure.Message);
        shutdown.Set();
        refresher?.Join();

        Assert.Equal("cache refresher", Assert.Single(failure.Threads).Name);
    }

    private static Thread StartRefresher(ManualResetEventSlim shutdown)
    {
        var thread = new Thread(() => shutdown.Wait()) { IsBackground = true, Name = "cache refresher" };
        thread.Start();
        return thread;
    }
}

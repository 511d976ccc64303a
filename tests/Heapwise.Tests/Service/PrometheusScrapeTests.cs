using Heapwise.Runtime;
using Heapwise.Tests.Collection;
using Heapwise.Tests.Infrastructure;

namespace Heapwise.Tests.Service;

/// <summary>A real Prometheus server scrapes /metrics of a real Kestrel application and answers queries about it.</summary>
[Collection(EventPipeTests.Name)] // forces collections and holds a large heap for a while
public sealed class PrometheusScrapeTests
{
    private const int HeldMiB = 384;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Prometheus_sees_runtime_and_heapwise_metrics_and_a_rule_start_firing()
    {
        string prometheus = ExternalTool.Require("prometheus", "install Prometheus (Debian: apt-get install prometheus)");

        // The heap-size rule fires only once this test holds its arrays: its threshold is the heap now plus a margin
        // that other tests running beside this one are not expected to fill.
        GC.Collect();
        long threshold = GC.GetTotalMemory(forceFullCollection: false) + (HeldMiB / 2 * (1L << 20));
        await using var host = await ServiceHost.StartAsync(options: o =>
        {
            o.Rules = new MemoryRuleOptions { MaxHeapBytes = threshold };
            o.RuleInterval = TimeSpan.FromMilliseconds(500);
        });
        using var server = PrometheusServer.Start(prometheus, host.ManagementAddress!);
        await server.WaitForTargetUpAsync(Cancel);

        double runtimeAllocated = await server.WaitForValueAsync("dotnet_gc_heap_total_allocated_bytes_total", v => v > 0, Cancel);
        double allocatedBefore = await server.WaitForValueAsync("heapwise_gc_allocated_bytes_total", v => v > 0, Cancel);
        await server.WaitForValueAsync("heapwise_memory_rule_state{rule=\"heap-size\"}", v => v == 0, Cancel);

        var held = new List<byte[]>(HeldMiB);
        for (int i = 0; i < HeldMiB; i++)
        {
            held.Add(new byte[1 << 20]);
        }

        GC.Collect(); // the rule reads the objects in the heap, the held arrays among them
        GC.Collect(); // and the pause histogram has at least these two
        double allocatedAfter = await server.WaitForValueAsync("heapwise_gc_allocated_bytes_total", v => v >= allocatedBefore + HeldMiB * (double)(1 << 20), Cancel);
        double firing = await server.WaitForValueAsync("heapwise_memory_rule_state{rule=\"heap-size\"}", v => v == 2, Cancel);
        double pauses = await server.WaitForValueAsync("heapwise_gc_pause_duration_seconds_count", v => v >= 2, Cancel);
        double everyPause = await server.WaitForValueAsync("heapwise_gc_pause_duration_seconds_bucket{le=\"+Inf\"}", v => v >= 2, Cancel);
        double heapGen2 = await server.WaitForValueAsync("heapwise_gc_heap_size_bytes{gc_heap_generation=\"loh\"}", v => v >= HeldMiB * (double)(1 << 20), Cancel);
        GC.KeepAlive(held);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"runtime allocated {runtimeAllocated}, heapwise allocated {allocatedBefore} -> {allocatedAfter}, rule {firing}, pauses {pauses} ({everyPause} in +Inf), loh {heapGen2}");
        Assert.Equal(2, firing);
    }
}

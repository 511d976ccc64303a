using System.Net;
using Heapwise.AspNetCore;
using Heapwise.Runtime;
using Heapwise.Tests.Collection;

namespace Heapwise.Tests.Service;

/// <summary>/metrics of a real Kestrel application, read as text (the Prometheus server test is <see cref="PrometheusScrapeTests"/>).</summary>
[Collection(EventPipeTests.Name)] // forces collections, and its hosts sample memory rules
public sealed class MetricsEndpointTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Management_port_serves_prometheus_text_with_heapwise_and_runtime_metrics_and_the_public_port_does_not()
    {
        await using var host = await ServiceHost.StartAsync();
        GC.Collect();
        GC.WaitForPendingFinalizers();

        using var response = await host.Client.GetAsync(new Uri(host.ManagementAddress!, "metrics"), Cancel);
        string text = await response.Content.ReadAsStringAsync(Cancel);
        TestContext.Current.TestOutputHelper?.WriteLine(text);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "0.0.4");
        Assert.Contains("# TYPE heapwise_gc_allocated_bytes_total counter", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE heapwise_gc_pause_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("heapwise_gc_pause_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE heapwise_gc_heap_size_bytes gauge", text, StringComparison.Ordinal);
        foreach (string generation in new[] { "gen0", "gen1", "gen2", "loh", "poh" })
        {
            Assert.Contains($"gc_heap_generation=\"{generation}\"", text, StringComparison.Ordinal);
        }

        Assert.Contains("# TYPE heapwise_memory_rule_state gauge", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_heap_total_allocated_bytes_total", text, StringComparison.Ordinal);

        using var onPublicPort = await host.Client.GetAsync(new Uri(host.PublicAddress, "metrics"), Cancel);
        Assert.Equal(HttpStatusCode.NotFound, onPublicPort.StatusCode);
        string index = await host.Client.GetStringAsync(host.Pprof(string.Empty), Cancel);
        Assert.Contains("<a href=\"/metrics\">metrics</a>", index, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Openmetrics_is_served_when_the_scraper_asks_for_it()
    {
        await using var host = await ServiceHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.ManagementAddress!, "metrics"));
        request.Headers.Accept.ParseAdd("application/openmetrics-text; version=1.0.0");

        using var response = await host.Client.SendAsync(request, Cancel);
        string text = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal("application/openmetrics-text", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("# EOF\n", text, StringComparison.Ordinal);
        Assert.Contains("heapwise_memory_rule_state", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_application_shows_its_own_rule_states_beside_another_in_the_same_process()
    {
        await using var firing = await ServiceHost.StartAsync(options: o => o.Rules = new MemoryRuleOptions { MaxHeapBytes = 1024 });
        await using var calm = await ServiceHost.StartAsync(options: o => o.Rules = new MemoryRuleOptions { MaxHeapBytes = long.MaxValue });

        string firingText = await firing.Client.GetStringAsync(new Uri(firing.ManagementAddress!, "metrics"), Cancel);
        string calmText = await calm.Client.GetStringAsync(new Uri(calm.ManagementAddress!, "metrics"), Cancel);

        Assert.Equal(["2"], RuleValues(firingText, "heap-size"));
        Assert.Equal(["0"], RuleValues(calmText, "heap-size"));
    }

    [Fact]
    public async Task Metrics_off_serves_no_metrics_and_the_index_does_not_list_them()
    {
        await using var host = await ServiceHost.StartAsync(options: o => o.Metrics = false);

        using var response = await host.Client.GetAsync(new Uri(host.ManagementAddress!, "metrics"), Cancel);
        string index = await host.Client.GetStringAsync(host.Pprof(string.Empty), Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("metrics", index, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_the_app_port_metrics_require_the_same_policy_as_the_profiles()
    {
        await using var host = await ServiceHost.StartWithPolicyOnAppPortAsync();

        using var denied = await host.Client.GetAsync(new Uri(host.PublicAddress, "metrics"), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);

        using var allowed = await host.GetWithTokenAsync("metrics", Cancel);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        string metrics = await allowed.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("heapwise_gc_allocated_bytes_total", metrics, StringComparison.Ordinal);

        using var index = await host.GetWithTokenAsync("debug/pprof/", Cancel);
        string indexPage = await index.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("<a href=\"/metrics\">metrics</a>", indexPage, StringComparison.Ordinal);
    }

    /// <summary>The values of <c>heapwise_memory_rule_state{rule="NAME"}</c> lines in Prometheus text.</summary>
    internal static string[] RuleValues(string text, string rule) =>
    [
        .. text.Split('\n')
            .Where(l => l.StartsWith("heapwise_memory_rule_state{", StringComparison.Ordinal) && l.Contains($"rule=\"{rule}\"", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[1]),
    ];
}

using System.Net;
using Heapwise.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Heapwise.Tests.Service;

/// <summary>The memory rules as an ASP.NET Core health check, on a real Kestrel application.</summary>
public sealed class HealthTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_is_healthy_within_the_thresholds_and_unhealthy_when_a_rule_fires()
    {
        // The rules read this whole test process, where other tests force full collections and grow the heap: the
        // default thresholds (1 GB, 10% pause share, the leak rule) can fire here. These hold whatever runs beside.
        var generous = new MemoryRuleOptions { MaxHeapBytes = 1L << 40, MaxGcPauseShare = 1.0, LeakWindow = TimeSpan.Zero };
        await using var calm = await ServiceHost.StartAsync(options: o => o.Rules = generous, configure: app => app.MapHealthChecks("/health"));
        await using var tight = await ServiceHost.StartAsync(
            options: o => o.Rules = new MemoryRuleOptions { MaxHeapBytes = 1024 },
            configure: app => app.MapHealthChecks("/health"));

        using var ok = await calm.Client.GetAsync(new Uri(calm.PublicAddress, "health"), Cancel);
        using var bad = await tight.Client.GetAsync(new Uri(tight.PublicAddress, "health"), Cancel);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("Healthy", await ok.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, bad.StatusCode);
        Assert.Equal("Unhealthy", await bad.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task Rule_thresholds_bind_from_configuration_and_the_check_explains_itself()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Heapwise:Rules:MaxHeapBytes"] = "2048",
            ["Heapwise:Rules:MaxGcPauseShare"] = "0.5",
            ["Heapwise:Rules:LeakWindow"] = "00:05:00",
        }).Build();
        var rules = configuration.GetSection("Heapwise:Rules").Get<MemoryRuleOptions>()!;
        await using var host = await ServiceHost.StartAsync(options: o => o.Rules = rules);
        var checks = host.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>();

        var report = await checks.CheckHealthAsync(Cancel);

        Assert.Equal(2048, rules.MaxHeapBytes);
        Assert.Equal(TimeSpan.FromMinutes(5), rules.LeakWindow);
        var entry = report.Entries["heapwise-memory"];
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, entry.Status);
        Assert.StartsWith("heap-size: heap ", entry.Description, StringComparison.Ordinal);
        Assert.EndsWith(" is over 2 KB", entry.Description, StringComparison.Ordinal);
        Assert.Equal(["heap-size", "gc-pause", "leak"], entry.Data.Keys);
    }

    [Fact]
    public void Binding_rules_into_the_options_leaves_the_shared_defaults_alone()
    {
        var options = new Heapwise.AspNetCore.HeapwiseOptions();
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Rules:MaxHeapBytes"] = "4096" }).Build().Bind(options);

        Assert.Equal(4096, options.Rules.MaxHeapBytes);
        Assert.Equal(1L << 30, MemoryRuleOptions.Default.MaxHeapBytes);
        Assert.Equal(1L << 30, new Heapwise.AspNetCore.HeapwiseOptions().Rules.MaxHeapBytes);
    }
}

using System.Net;
using System.Text.Json;
using Heapwise.AspNetCore;
using Heapwise.Profiles;
using Heapwise.Runtime;
using Heapwise.Tests.Analysis;
using Heapwise.Tests.Cli;
using Heapwise.Tests.Collection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Heapwise.Tests.Service;

/// <summary>The /debug/pprof endpoints of a real Kestrel application, read by real clients.</summary>
[Collection(EventPipeTests.Name)]
public sealed class ServiceEndpointTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Management_port_serves_the_index_and_the_public_port_does_not()
    {
        await using var host = await ServiceHost.StartAsync();

        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(host.ManagementAddress!.Host)));
        Assert.NotEqual(host.PublicAddress.Port, host.ManagementAddress.Port);
        string index = await host.Client.GetStringAsync(host.Pprof(string.Empty), Cancel);
        foreach (string name in new[] { "allocs", "profile", "threads", "memstats", "heap" })
        {
            Assert.Contains($"href=\"/debug/pprof/{name}\"", index, StringComparison.Ordinal);
        }

        Assert.Equal("hello", await host.Client.GetStringAsync(host.PublicAddress, Cancel));
        foreach (string path in new[] { "debug/pprof/", "debug/pprof/allocs?seconds=1", "debug/pprof/memstats", "debug/pprof/threads" })
        {
            using var response = await host.Client.GetAsync(new Uri(host.PublicAddress, path), Cancel);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact]
    public async Task Go_pprof_reads_the_allocation_profile_from_the_url()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var allocating = BackgroundWork.Start(Workloads.AllocateUntil);

        string output = await Task.Run(() => GoPprof.RunRaw(host.Pprof("allocs?seconds=2"), "-top"), Cancel);
        TestContext.Current.TestOutputHelper?.WriteLine(output);
        Assert.Contains("Type: alloc_space", output, StringComparison.Ordinal);
        Assert.Contains("Heapwise.Tests.Service.Workloads.AllocateUntil", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Heapwise_top_reads_the_allocation_profile_from_the_url()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var allocating = BackgroundWork.Start(Workloads.AllocateUntil);

        var result = await CliRun.InvokeAsync("top", host.Pprof("allocs?seconds=2"));
        TestContext.Current.TestOutputHelper?.WriteLine(result.Stdout + result.Stderr);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Type: alloc_space", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Heapwise.Tests.Service.Workloads.AllocateUntil", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cpu_profile_of_a_busy_loop_has_it_on_top_in_go_pprof()
    {
        await using var host = await ServiceHost.StartAsync();
        await using var spinning = BackgroundWork.Start(token => Workloads.SpinUntil(token));

        // Other test classes run in this process at the same time: look at this test's code only.
        string[] lines = await Task.Run(() => GoPprof.Run(host.Pprof("profile?seconds=2"), "-top", @"-focus=Heapwise\.Tests\.Service\."), Cancel);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Join('\n', lines));
        Assert.Contains("Type: cpu", lines);
        Assert.Contains("File: Heapwise.Tests.dll", lines);
        int header = Array.FindIndex(lines, l => l.TrimStart().StartsWith("flat  flat%", StringComparison.Ordinal));
        Assert.EndsWith("Heapwise.Tests.Service.Workloads.SpinUntil", lines[header + 1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Threads_dump_shows_a_blocked_thread_as_pprof_and_as_text()
    {
        await using var host = await ServiceHost.StartAsync();
        using var release = new ManualResetEventSlim();
        var blocked = new Thread(() => Workloads.BlockUntilReleased(release)) { Name = "hw-blocked-http", IsBackground = true };
        blocked.Start();
        try
        {
            using var response = await host.Client.GetAsync(host.Pprof("threads"), Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment; filename=\"threads\"", response.Content.Headers.ContentDisposition?.ToString());
            var profile = PprofReader.Read(await response.Content.ReadAsStreamAsync(Cancel));
            var sample = Assert.Single(profile.Sample, s => profile.Label(s, "thread_name") == "hw-blocked-http");
            Assert.Contains("Heapwise.Tests.Service.Workloads.BlockUntilReleased", profile.Frames(sample).Select(f => profile.Str(f.Name)));

            string text = await host.Client.GetStringAsync(host.Pprof("threads?debug=1"), Cancel);
            Assert.StartsWith("threads profile: total ", text, StringComparison.Ordinal);
            int at = text.IndexOf("\"hw-blocked-http\" [waiting or in native code]:", StringComparison.Ordinal);
            Assert.True(at > 0, text);
            string block = text[at..].Split("\n\n")[0];
            Assert.Contains("    Heapwise.Tests.Service.Workloads.BlockUntilReleased", block, StringComparison.Ordinal);
        }
        finally
        {
            release.Set();
            blocked.Join();
        }
    }

    [Fact]
    public async Task A_second_capture_while_one_runs_gets_429_with_retry_after()
    {
        await using var host = await ServiceHost.StartAsync();

        // Two 3 s captures 50 ms apart: whichever the server takes first, the other arrives while it runs.
        var first = host.Client.GetAsync(host.Pprof("profile?seconds=3"), Cancel);
        await Task.Delay(50, Cancel);
        var second = host.Client.GetAsync(host.Pprof("allocs?seconds=3"), Cancel);
        using var a = await first;
        using var b = await second;

        var refused = Assert.Single(new[] { a, b }, r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Single(new[] { a, b }, r => r.StatusCode == HttpStatusCode.OK);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 3);
        Assert.Contains("one runs at a time", await refused.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        // The gate is free again once the capture ended.
        using var after = await host.Client.GetAsync(host.Pprof("threads"), Cancel);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Theory]
    [InlineData("allocs?seconds=0")]
    [InlineData("allocs?seconds=301")]
    [InlineData("profile?seconds=abc")]
    [InlineData("profile?seconds=-5")]
    [InlineData("profile?seconds=2.5")]
    public async Task Seconds_out_of_range_get_400_with_a_message(string path)
    {
        await using var host = await ServiceHost.StartAsync();
        using var response = await host.Client.GetAsync(host.Pprof(path), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.StartsWith("seconds must be a whole number from 1 to 300, got '", body, StringComparison.Ordinal);
        Assert.Single(body.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Heapwise_top_prints_the_services_refusal_in_one_line()
    {
        await using var host = await ServiceHost.StartAsync();
        var result = await CliRun.InvokeAsync("top", host.Pprof("allocs?seconds=0"));

        Assert.NotEqual(0, result.ExitCode);
        string line = Assert.Single(result.StderrLines);
        Assert.Contains("answered 400 Bad Request: seconds must be a whole number from 1 to 300", line, StringComparison.Ordinal);

        var html = await CliRun.InvokeAsync("top", host.Pprof(string.Empty));
        Assert.NotEqual(0, html.ExitCode);
        Assert.StartsWith($"heapwise: '{host.Pprof(string.Empty)}' did not answer with a valid pprof profile: ", Assert.Single(html.StderrLines), StringComparison.Ordinal);

        var unreachable = await CliRun.InvokeAsync("top", "http://127.0.0.1:1/debug/pprof/allocs");
        Assert.NotEqual(0, unreachable.ExitCode);
        Assert.StartsWith("heapwise: cannot fetch 'http://127.0.0.1:1/debug/pprof/allocs'", Assert.Single(unreachable.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Heap_is_a_live_heap_profile_that_go_pprof_and_heapwise_read()
    {
        await using var host = await ServiceHost.StartAsync();

        string[] pprof = GoPprof.Run(host.Pprof("heap").ToString(), "-top", "-sample_index=inuse_space");
        var heapwise = await CliRun.InvokeAsync("top", "--sample-index", "inuse_objects", host.Pprof("heap").ToString());

        Assert.Contains("Type: inuse_space", pprof);
        Assert.True(heapwise.ExitCode == 0, heapwise.Stderr);
        Assert.Contains("Type: inuse_objects", heapwise.Stdout, StringComparison.Ordinal);
        Assert.Contains(pprof, l => l.Contains("[static]", StringComparison.Ordinal) || l.Contains("[handle", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Memstats_is_json_with_sane_values()
    {
        await using var host = await ServiceHost.StartAsync();
        using var response = await host.Client.GetAsync(host.Pprof("memstats"), Cancel);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        string json = await response.Content.ReadAsStringAsync(Cancel);
        using var document = JsonDocument.Parse(json);
        Assert.True(document.RootElement.GetProperty("totalAllocatedBytes").GetInt64() > 0);
        var stats = MemStatsJson.Parse(json)!;

        Assert.True(stats.WorkingSetBytes > 0);
        Assert.True(stats.CommittedBytes > 0);
        Assert.Equal(5, stats.Generations.Count);
        Assert.Equal(Environment.ProcessorCount, stats.Limits.ProcessorCount);
        Assert.True(stats.Limits.TotalAvailableMemoryBytes > 0);
    }

    [Fact]
    public async Task A_failing_capture_answers_500_and_the_service_stays_healthy()
    {
        // A capture that really throws, through the same seam the real captures use.
        var failing = new ProfileCaptures { Allocations = (_, _) => throw new InvalidOperationException("the session could not start.") };
        await using var host = await ServiceHost.StartAsync(services: s => s.AddSingleton(failing));

        using var response = await host.Client.GetAsync(host.Pprof("allocs?seconds=1"), Cancel);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.StartsWith("The allocs capture failed: the session could not start.", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        Assert.Equal("hello", await host.Client.GetStringAsync(host.PublicAddress, Cancel));
        using var next = await host.Client.GetAsync(host.Pprof("profile?seconds=1"), Cancel);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task On_the_app_port_the_endpoints_require_the_policy()
    {
        await using var host = await ServiceHost.StartWithPolicyOnAppPortAsync();

        Assert.Null(host.ManagementAddress);
        using var denied = await host.Client.GetAsync(new Uri(host.PublicAddress, "debug/pprof/memstats"), Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);

        using var allowed = await host.GetWithTokenAsync("debug/pprof/memstats", Cancel);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Adding_heapwise_twice_runs_one_management_server()
    {
        // A fixed port: a second server would fail to bind it and the application would not start.
        int port = FreePort();
        await using var host = await ServiceHost.StartAsync(options: o => o.ManagementPort = port, services: s => s.AddHeapwise());

        Assert.Equal(port, host.ManagementAddress!.Port);
        using var response = await host.Client.GetAsync(host.Pprof("memstats"), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_management_port_in_use_is_one_clear_error()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var e = await Assert.ThrowsAsync<HeapwiseException>(() => ServiceHost.StartAsync(options: o => o.ManagementPort = port));
        Assert.StartsWith($"Heapwise's management server cannot listen on 127.0.0.1:{port} (", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("set HeapwiseOptions.ManagementPort to a free port, or 0 for any.", e.Message, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Mapping_on_the_app_without_a_policy_is_refused()
    {
        var e = await Assert.ThrowsAsync<HeapwiseException>(() => ServiceHost.StartAsync(configure: app => app.MapHeapwise(" ")));
        Assert.StartsWith("MapHeapwise needs an authorization policy name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_loopback_management_address_is_refused_unless_allowed()
    {
        var e = await Assert.ThrowsAsync<HeapwiseException>(() => ServiceHost.StartAsync(options: o => o.ManagementAddress = IPAddress.Any));
        Assert.Contains("is not a loopback address", e.Message, StringComparison.Ordinal);
    }
}

using System.Net;
using Heapwise.Profiles;
using Heapwise.Tests.Infrastructure;

namespace Heapwise.Tests.SampleService;

/// <summary>
/// The sample memory-monitor service as users run it: a child process with its appsettings.json, driven over real HTTP
/// on loopback. Its profiling sessions run inside the child, so these tests need no EventPipe collection.
/// </summary>
public sealed class SampleServiceTests : IDisposable
{
    private const string HeapRule64Megabytes = "--Heapwise:Rules:MaxHeapBytes=67108864";

    // Only the heap-size rule may fire: GC pauses on a loaded machine would otherwise fire gc-pause (and take the
    // capture), and a steadily filling cache looks like a leak.
    private const string NoPauseRule = "--Heapwise:Rules:MaxGcPauseShare=1";
    private const string NoLeakRule = "--Heapwise:Rules:LeakWindow=00:00:00";
    private readonly TemporaryDirectory _captures = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _captures.Dispose();

    [Fact]
    public async Task Filling_the_cache_past_the_heap_rule_turns_health_unhealthy_and_captures_valid_profiles()
    {
        await using var service = await SampleServiceProcess.StartAsync(
            HeapRule64Megabytes,
            NoPauseRule,
            NoLeakRule,
            "--Heapwise:RuleInterval=00:00:00.200",
            "--Heapwise:CaptureSeconds=00:00:01",
            $"--Heapwise:CaptureDirectory={_captures.Path}",
            "--Cache:MaxMegabytes=256");

        using (var calm = await service.Client.GetAsync(service.Url("health"), Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, calm.StatusCode);
        }

        // 1 MiB payloads until a collection has seen the heap over 64 MB and the rule has judged it (the cache
        // keeps at most 256 MB, so later payloads replace earlier ones and collections keep happening).
        string health = "";
        for (int payload = 1; payload <= 1024 && !health.Contains("\"heap-size\": \"firing: ", StringComparison.Ordinal); payload++)
        {
            using var stored = await service.Client.PostAsync(service.Url("cache?kb=1024"), null, Cancel);
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
            if (payload % 16 == 0)
            {
                using var answer = await service.Client.GetAsync(service.Url("health"), Cancel);
                health = await answer.Content.ReadAsStringAsync(Cancel);
                Assert.True(answer.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, health);
            }
        }

        Assert.Contains("\"status\": \"Unhealthy\"", health, StringComparison.Ordinal);
        Assert.Contains("heap-size: heap ", health, StringComparison.Ordinal);
        Assert.Contains(" is over 64 MB", health, StringComparison.Ordinal);

        string[] names = await WaitForCapturesAsync(service);
        Assert.Contains(names, n => n.EndsWith("-heap-size.allocs.pb.gz", StringComparison.Ordinal));
        string heapName = Assert.Single(names, n => n.EndsWith("-heap-size.heap.pb.gz", StringComparison.Ordinal));
        foreach (string name in names)
        {
            var profile = PprofReader.Parse(await service.Client.GetByteArrayAsync(service.Pprof("captures/" + name), Cancel));
            var sampleTypes = profile.SampleType.Select(t => profile.StringTable[(int)t.Type]).ToList();
            Assert.Equal(name == heapName ? ["inuse_objects", "inuse_space"] : ["alloc_objects", "alloc_space"], sampleTypes);
            if (name == heapName)
            {
                // The live heap is the cache's payloads, reached from the cache.
                Assert.Contains(profile.Function, f => profile.StringTable[(int)f.Name].Contains("PayloadCache", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task The_simulated_load_grows_memory_over_the_rule_then_trims_it_back_to_healthy()
    {
        await using var service = await SampleServiceProcess.StartAsync(
            HeapRule64Megabytes,
            NoPauseRule,
            NoLeakRule,
            "--Heapwise:RuleInterval=00:00:00.200",
            "--Heapwise:CaptureDirectory=",
            "--SimulatedLoad:Enabled=true",
            "--SimulatedLoad:StepKilobytes=4096",
            "--SimulatedLoad:StepInterval=00:00:00.050",
            "--SimulatedLoad:PeakMegabytes=128",
            "--SimulatedLoad:Hold=00:00:02",
            "--SimulatedLoad:TrimToMegabytes=8",
            "--SimulatedLoad:Rest=00:01:00"); // healthy until the test ends, however slowly it polls

        // Bounded by time, not polls: on a loaded machine each poll can take a while.
        var seen = new List<HttpStatusCode>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && !(seen.Contains(HttpStatusCode.ServiceUnavailable) && seen[^1] == HttpStatusCode.OK))
        {
            using var answer = await service.Client.GetAsync(service.Url("health"), Cancel);
            if (seen.Count == 0 || seen[^1] != answer.StatusCode)
            {
                seen.Add(answer.StatusCode);
            }

            await Task.Delay(100, Cancel);
        }

        // Unhealthy over the threshold, healthy again after the trim. (Whether the first answer is still healthy
        // depends on how fast the machine lets the load grow before the first poll.)
        int unhealthy = seen.IndexOf(HttpStatusCode.ServiceUnavailable);
        Assert.True(unhealthy >= 0 && seen[^1] == HttpStatusCode.OK && seen.Count > unhealthy + 1,
            $"health went {string.Join(" -> ", seen)}; service printed:\n{service.Output}");
        Assert.Contains("Simulated load: cache trimmed to", service.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_management_server_the_profiles_are_on_the_service_port_behind_the_loopback_policy()
    {
        await using var service = await SampleServiceProcess.StartAsync("--Heapwise:CaptureDirectory=", "--Heapwise:UseManagementServer=false");

        using var memstats = await service.Client.GetAsync(service.Pprof("memstats"), Cancel);

        Assert.Equal(service.Address.Port, service.PprofAddress.Port);
        Assert.Equal(HttpStatusCode.OK, memstats.StatusCode);
        Assert.Contains("\"heapSizeBytes\"", await memstats.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_query_values_get_a_400_that_says_what_to_send()
    {
        await using var service = await SampleServiceProcess.StartAsync("--Heapwise:CaptureDirectory=");

        using var badSize = await service.Client.PostAsync(service.Url("cache?kb=-5"), null, Cancel);
        using var badItems = await service.Client.GetAsync(service.Url("work?items=many"), Cancel);
        using var work = await service.Client.GetAsync(service.Url("work?items=3"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, badSize.StatusCode);
        Assert.Equal("kb must be a whole number from 1 to 65536, got '-5': e.g. ?kb=64.\n", await badSize.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(HttpStatusCode.BadRequest, badItems.StatusCode);
        Assert.StartsWith("items must be a whole number from 1 to 10000, got 'many'", await badItems.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, work.StatusCode);
        Assert.Contains("\"lines\":[{\"sku\":", await work.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_it_cannot_honour_stop_it_with_one_line_and_a_non_zero_exit()
    {
        var (exitCode, error) = await SampleServiceProcess.RunToExitAsync(
            "--Service:Port=0", "--Heapwise:ManagementPort=0", "--SimulatedLoad:Enabled=true", "--SimulatedLoad:PeakMegabytes=1024", "--Cache:MaxMegabytes=64");

        Assert.Equal(1, exitCode);
        Assert.Equal(
            "Heapwise.Samples.Service: SimulatedLoad:PeakMegabytes (1024) must be above TrimToMegabytes (32) and at most Cache:MaxMegabytes (64): change one of them.",
            error.Trim());
    }

    private static async Task<string[]> WaitForCapturesAsync(SampleServiceProcess service)
    {
        string listing = "";
        for (int attempt = 0; attempt < 120; attempt++)
        {
            listing = await service.Client.GetStringAsync(service.Pprof("captures"), Cancel);
            string[] names = [.. listing.Split('\n').Skip(1).Where(l => l.Contains(".pb.gz", StringComparison.Ordinal)).Select(l => l.Split('\t')[0])];
            if (names.Length >= 2)
            {
                return names;
            }

            await Task.Delay(250, Cancel);
        }

        throw new InvalidOperationException("no allocation and heap capture appeared within 30 s; /debug/pprof/captures says:\n" + listing);
    }
}

using System.Net;
using Heapwise.LoadTest;
using Heapwise.Profiles;

namespace Heapwise.Tests.SampleService;

/// <summary>
/// The load generator against the real sample service, and the bounded smoke version of bench/service-load.sh:
/// concurrent requests while an allocation or a CPU profile is captured. Counts and validity only; speed lives in bench/.
/// </summary>
public sealed class ServiceLoadTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("allocs", "alloc_space")]
    [InlineData("profile", "cpu")]
    public async Task Requests_under_a_capture_all_succeed_and_the_capture_profiles_the_requests(string endpoint, string sampleType)
    {
        await using var service = await SampleServiceProcess.StartAsync("--Heapwise:CaptureDirectory=", "--Cache:MaxMegabytes=16");
        using var client = LoadGenerator.CreateClient(8);
        var generator = new LoadGenerator(client, service.Address);
        var options = new LoadOptions
        {
            Workers = 8,
            MaxRequests = 200_000,
            MaxDuration = TimeSpan.FromSeconds(30),
            Mix = [LoadRequest.Parse("GET work?items=50"), LoadRequest.Parse("GET work?items=50"), LoadRequest.Parse("POST cache?kb=16")],
        };

        // The load runs from before the capture starts until it has answered, so the whole recording sees requests.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var load = generator.RunAsync(options, stop.Token);
        using var capture = await service.Client.GetAsync(service.Pprof($"{endpoint}?seconds=2"), Cancel);
        byte[] body = await capture.Content.ReadAsByteArrayAsync(Cancel);
        await stop.CancelAsync();
        var result = await load;

        Assert.Equal(0, result.Failures);
        Assert.True(result.Succeeded > 0, "no request was answered");
        Assert.Equal(HttpStatusCode.OK, capture.StatusCode);
        var profile = PprofReader.Parse(body);
        Assert.Equal(sampleType, profile.StringTable[(int)profile.DefaultSampleType]);
        Assert.Contains(profile.Function, f => profile.StringTable[(int)f.Name].Contains("OrderReport.Build", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_count_bound_sends_exactly_that_many_requests_and_failures_are_counted_with_their_status()
    {
        await using var service = await SampleServiceProcess.StartAsync("--Heapwise:CaptureDirectory=");
        using var client = LoadGenerator.CreateClient(4);
        var generator = new LoadGenerator(client, service.Address);

        var good = await generator.RunAsync(new LoadOptions { Workers = 4, MaxRequests = 50 }, Cancel);
        // One worker takes the mix strictly in turn: five good, five bad.
        var bad = await generator.RunAsync(
            new LoadOptions { Workers = 1, MaxRequests = 10, Mix = [LoadRequest.Parse("GET work"), LoadRequest.Parse("GET work?items=0")] }, Cancel);

        Assert.Equal(50, good.Succeeded);
        Assert.Equal(0, good.Failures);
        Assert.Equal(10, bad.Succeeded + bad.Failures);
        Assert.Equal(5, bad.Failures);
        Assert.Contains("GET /work?items=0: 400 Bad Request", bad.FailureExamples);
    }

    [Fact]
    public void The_generator_refuses_addresses_off_this_machine_and_loads_without_a_bound()
    {
        using var client = new HttpClient();

        var remote = Assert.Throws<HeapwiseException>(() => new LoadGenerator(client, new Uri("http://192.0.2.1:8080/")));
        var unbounded = Assert.Throws<HeapwiseException>(() => new LoadOptions { MaxRequests = null, MaxDuration = null }.Validate());
        var garbled = Assert.Throws<HeapwiseException>(() => LoadRequest.Parse("GET work extra"));

        Assert.Equal("the load test only sends to this machine, and http://192.0.2.1:8080/ is not a loopback address: use http://127.0.0.1:PORT/.", remote.Message);
        Assert.Equal("a load needs a bound: give a request count, a duration, or both.", unbounded.Message);
        Assert.StartsWith("request 'GET work extra' is not 'METHOD PATH' or 'PATH'", garbled.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Percentiles_are_nearest_rank_latencies_that_were_measured()
    {
        var result = new LoadResult(Enumerable.Range(1, 100).Select(i => (double)(101 - i)), 0, [], TimeSpan.FromSeconds(2));
        var empty = new LoadResult([], 3, [], TimeSpan.Zero);

        Assert.Equal(50, result.Percentile(0.5));
        Assert.Equal(90, result.Percentile(0.9));
        Assert.Equal(99, result.Percentile(0.99));
        Assert.Equal(100, result.Percentile(1));
        Assert.Equal(1, result.Percentile(0));
        Assert.Equal(50, result.Throughput);
        Assert.True(double.IsNaN(empty.Percentile(0.99)));
        Assert.Equal(0, empty.Throughput);
    }
}

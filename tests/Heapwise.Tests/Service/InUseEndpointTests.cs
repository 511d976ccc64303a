using System.Net;
using System.Runtime.CompilerServices;
using Heapwise.Profiles;
using Heapwise.Tests.Analysis;
using Heapwise.Tests.Cli;
using Heapwise.Tests.Collection;

namespace Heapwise.Tests.Service;

/// <summary>
/// <c>/debug/pprof/inuse</c> with <c>HeapwiseOptions.TrackLiveHeap</c>: what this process keeps alive, by allocation
/// site, at any moment, read by the real <c>go tool pprof</c> and by <c>heapwise top</c>; and a clear 404 without it.
/// </summary>
[Collection(EventPipeTests.Name)]
public sealed class InUseEndpointTests
{
    private const string Keeper = "Heapwise.Tests.Service.InUseEndpointTests.KeepArrays";

    private static readonly List<byte[]> s_kept = [];

    [Fact]
    public async Task Inuse_shows_what_the_service_keeps_by_allocation_site_and_go_pprof_reads_it()
    {
        await using var host = await ServiceHost.StartAsync(options: o => o.TrackLiveHeap = true);
        KeepArrays(200); // 200 × 200,024 bytes: about 40 MB kept

        var response = await host.Client.GetAsync(host.Pprof("inuse?gc=1"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var profile = PprofReader.Read(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));

        Assert.Equal("inuse_space", profile.Str(profile.DefaultSampleType));
        long kept = profile.BytesUnder(Keeper, "inuse_space");
        TestContext.Current.TestOutputHelper?.WriteLine($"kept 40,004,800 bytes, in use estimated {kept:N0}");
        Assert.InRange(kept, 40_004_800 * 0.85, 40_004_800 * 1.15);

        // Other tests allocate in this process too: look at this test's frames only.
        string[] pprof = GoPprof.Run(host.Pprof("inuse?gc=1"), "-top", "-sample_index=inuse_space", "-focus=InUseEndpointTests");
        Assert.Contains("Type: inuse_space", pprof);
        Assert.Contains(pprof, l => l.EndsWith(Keeper, StringComparison.Ordinal));
        var top = await CliRun.InvokeAsync("top", "--focus", "InUseEndpointTests", host.Pprof("inuse"));
        Assert.True(top.ExitCode == 0, top.Stderr);
        Assert.Contains(Keeper, top.Stdout, StringComparison.Ordinal);
        s_kept.Clear();
    }

    [Fact]
    public async Task Without_live_tracking_inuse_answers_404_saying_how_to_turn_it_on()
    {
        await using var host = await ServiceHost.StartAsync();

        var response = await host.Client.GetAsync(host.Pprof("inuse"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.StartsWith("Live heap tracking is off: set HeapwiseOptions.TrackLiveHeap = true",
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void KeepArrays(int count)
    {
        for (int i = 0; i < count; i++)
        {
            s_kept.Add(new byte[200_000]);
        }
    }
}

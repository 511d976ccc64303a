using System.Globalization;
using System.Text.RegularExpressions;
using System.Runtime.CompilerServices;
using Heapwise.Collection;
using Heapwise.Profiles;
using Heapwise.Tests.Collection;

namespace Heapwise.Tests.Live;

/// <summary>
/// A live heap profile taken while an in-process recording goes on (<see cref="AllocationProfiler.CaptureLiveProfileAsync"/>):
/// it shows what is alive at that moment, by allocation site, and a later one shows what was kept since.
/// </summary>
/// <remarks>
/// The sites allocate 200,024-byte arrays (large object heap), sampled with probability q = 0.858 each: for n = 300 kept
/// arrays the estimate's relative standard error is √((1 − q)/(n·q)) = 2.35%, so the 10% bound is 4.3 standard errors
/// (2e-5 per check); for 600, 6 standard errors.
/// </remarks>
[Collection(EventPipeTests.Name)]
public sealed class LiveCaptureTests
{
    private const int ArrayLength = 200_000;
    private const string Keep = "Heapwise.Tests.Live.LiveCaptureTests.KeepLarge";
    private const string Drop = "Heapwise.Tests.Live.LiveCaptureTests.DropLarge";

    private static readonly List<byte[]> s_kept = [];
    private static object? s_sink;

    [Fact]
    public async Task A_live_profile_taken_while_recording_shows_what_is_alive_then_and_a_later_one_what_was_kept_since()
    {
        long arraySize = SizeOfArray();
        s_kept.Clear();
        await using var profiler = AllocationProfiler.Start(new RecordingOptions { TrackLiveHeap = true });

        KeepLarge(300);
        DropLarge(300);
        var first = await CaptureAfterFullGcAsync(profiler);

        Assert.Equal("inuse_space", first.Str(first.DefaultSampleType));
        Assert.Contains(first.Comment.Select(c => first.Str(c)), c => c.StartsWith("Taken while recording, ", StringComparison.Ordinal));
        AssertWithin10Percent(first.BytesUnder(Keep, "inuse_space"), 300 * arraySize, "first capture");
        AssertNearlyNothingInUse(first, Drop);
        Assert.True(first.BytesUnder(Drop, "alloc_space") > 0, "what died is still among the allocations");

        KeepLarge(300);
        var second = await CaptureAfterFullGcAsync(profiler);

        AssertWithin10Percent(second.BytesUnder(Keep, "inuse_space"), 600 * arraySize, "second capture");
        AssertNearlyNothingInUse(second, Drop);

        // The recording went on through both captures, and its own live profile agrees with the last one.
        var recording = profiler.Stop();
        var final = Assert.IsType<Profile>(recording.LiveProfile);
        Assert.Equal(second.BytesUnder(Keep, "inuse_space"), final.BytesUnder(Keep, "inuse_space"));
        Assert.Same(final, await profiler.CaptureLiveProfileAsync(TestContext.Current.CancellationToken));
        Assert.NotEmpty(final.RoundTrip().Sample);
        GC.KeepAlive(s_kept);
        s_kept.Clear();
    }

    [Fact]
    public async Task Capturing_without_live_tracking_says_how_to_turn_it_on()
    {
        await using var profiler = AllocationProfiler.Start();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => profiler.CaptureLiveProfileAsync(TestContext.Current.CancellationToken));

        Assert.Contains("TrackLiveHeap = true", error.Message, StringComparison.Ordinal);
    }

    // The capture reflects every GC that ended before it was asked for, this one included.
    private static async Task<Profile> CaptureAfterFullGcAsync(AllocationProfiler profiler)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        long collection = GC.GetGCMemoryInfo(GCKind.Any).Index;
        var profile = ValidProfile(await profiler.CaptureLiveProfileAsync(TestContext.Current.CancellationToken));
        string note = Assert.Single(profile.Comment.Select(c => profile.Str(c)), c => c.StartsWith("In use: ", StringComparison.Ordinal));
        long asOf = long.Parse(Regex.Match(note, "alive at the end of GC ([0-9]+),").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(asOf >= collection, $"the capture is as of GC {asOf}, before the forced GC {collection}");
        return profile;
    }

    private static Profile ValidProfile(Profile profile) => profile.RoundTrip();

    // This test process runs background GCs. Their heap walk cannot tell a dead object from new ones that refilled its
    // exact bytes (see docs/architecture.md, "Background GCs"), so, as LiveAccuracyTests does, at most two sampled
    // arrays may still count; in 8 runs, none did.
    private static void AssertNearlyNothingInUse(Profile profile, string site)
    {
        long inUse = profile.BytesUnder(site, "inuse_space");
        long allocated = profile.BytesUnder(site, "alloc_space");
        TestContext.Current.TestOutputHelper?.WriteLine($"{site}: allocated {allocated:N0}, in use {inUse:N0}");
        Assert.InRange(inUse, 0, (long)Math.Ceiling(2 * AllocationSampleScaler.BytesPerSample(SizeOfArray())));
    }

    private static void AssertWithin10Percent(long estimated, long truth, string what)
    {
        double ratio = (double)estimated / truth;
        TestContext.Current.TestOutputHelper?.WriteLine($"{what}: kept {truth:N0}, in use estimated {estimated:N0} ({(ratio - 1) * 100:F2}%)");
        Assert.InRange(ratio, 0.90, 1.10);
    }

    private static long SizeOfArray()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        s_sink = new byte[ArrayLength];
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void KeepLarge(int count)
    {
        for (int i = 0; i < count; i++)
        {
            s_kept.Add(new byte[ArrayLength]);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DropLarge(int count)
    {
        for (int i = 0; i < count; i++)
        {
            s_sink = new byte[ArrayLength];
        }

        s_sink = null;
    }
}

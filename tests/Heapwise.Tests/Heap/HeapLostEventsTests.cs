using Heapwise.Heap;
using Heapwise.Tests.Collection;

namespace Heapwise.Tests.Heap;

/// <summary>
/// Lost events are detected, never silently wrong: a million objects through a 1 MB event buffer overflow it
/// (measured: about 650 of 700 bulk events lost), and the snapshot comes back marked incomplete; through the
/// default buffer the same heap arrives whole and exact.
/// </summary>
[Collection(EventPipeTests.Name)]
public sealed class HeapLostEventsTests
{
    private const int Objects = 1_000_000;

    [Fact]
    public async Task A_snapshot_that_lost_events_is_marked_incomplete_and_a_whole_one_is_exact()
    {
        using var target = TestTarget.Start("heapscale", Objects.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var token = TestContext.Current.CancellationToken;

        var lossy = await HeapSnapshotter.TakeAsync(target.Id, new HeapSnapshotOptions { BufferMegabytes = 1, Retries = 0 }, token);
        Assert.False(lossy.Info.IsComplete);
        Assert.Contains(lossy.Info.Problems, p => p.Contains("dropped", StringComparison.Ordinal) || p.Contains("lost", StringComparison.Ordinal));
        Assert.True(lossy.Info.DroppedEvents > 0);

        var whole = await HeapSnapshotter.TakeAsync(target.Id, cancellationToken: token);
        Assert.True(whole.Info.IsComplete, string.Join("; ", whole.Info.Problems));
        int node = Assert.Single(whole.FindTypes("Heapwise.TestTarget.ScaleNode"));
        Assert.Equal(Objects / 2, Enumerable.Range(0, whole.ObjectCount).Count(o => whole.TypeOf(o) == node));
        Assert.False(target.Process.HasExited);
        Assert.Equal(0, await target.StopAsync());
    }
}

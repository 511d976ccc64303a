using Heapwise.Heap;
using Heapwise.Tests.Collection;

namespace Heapwise.Tests.Heap;

/// <summary>The in-process API: a process takes a snapshot of its own heap.</summary>
[Collection(EventPipeTests.Name)]
public sealed class InProcessHeapSnapshotTests
{
    private static Marker[]? s_markers;

    [Fact]
    public async Task A_process_snapshots_itself_and_finds_what_it_holds()
    {
        s_markers = [.. Enumerable.Range(0, 321).Select(_ => new Marker())];
        var snapshot = await HeapSnapshotter.TakeAsync(Environment.ProcessId, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(snapshot.Info.IsComplete, string.Join("; ", snapshot.Info.Problems));
        // The runtime names nested types by their own name only (no declaring type): "Marker".
        int type = Assert.Single(snapshot.FindTypes("Marker"));
        Assert.Equal(321, Enumerable.Range(0, snapshot.ObjectCount).Count(o => snapshot.TypeOf(o) == type));
        var paths = HeapPathReport.Compute(snapshot, RootPaths.Compute(snapshot), "Marker");
        Assert.Equal("[static] s_markers", Assert.Single(paths.Paths).Frames[0]);
        GC.KeepAlive(s_markers);
    }

    private sealed class Marker
    {
        public long Value = 7;
    }
}

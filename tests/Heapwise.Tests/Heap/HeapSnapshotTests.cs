using Heapwise.Heap;
using Heapwise.Tests.Analysis;
using Heapwise.Tests.Collection;
using Heapwise.Tests.Infrastructure;
using Heapwise.Profiles;

namespace Heapwise.Tests.Heap;

/// <summary>A real snapshot of a process with an exactly known live set: counts, bytes, roots, retained sizes, files.</summary>
[Collection(EventPipeTests.Name)]
public sealed class HeapSnapshotTests(HeapShapesTarget target) : IClassFixture<HeapShapesTarget>
{
    private const string Ns = "Heapwise.TestTarget.";

    [Fact]
    public void The_snapshot_is_complete_and_the_target_keeps_running()
    {
        Assert.True(target.Snapshot.Info.IsComplete, string.Join("; ", target.Snapshot.Info.Problems));
        Assert.Equal(0, target.Snapshot.Info.DroppedEvents);
        Assert.Equal(target.Target.Id, target.Snapshot.Info.ProcessId);
        Assert.True(target.Snapshot.Info.TargetPause > TimeSpan.Zero);
        Assert.False(target.Target.Process.HasExited);
    }

    [Theory]
    [InlineData("StaticHeld", HeapShapesTarget.StaticCount)]
    [InlineData("StackHeld", HeapShapesTarget.StackCount)]
    [InlineData("HandleHeld", HeapShapesTarget.HandleCount)]
    [InlineData("FinalizerHeld", HeapShapesTarget.FinalizerCount)]
    public void Counts_and_shallow_bytes_by_type_are_exact(string type, int count)
    {
        var objects = target.ObjectsOf(Ns + type);
        Assert.Equal(count, objects.Length);
        Assert.All(objects, o => Assert.Equal(HeapShapesTarget.SmallObjectBytes, target.Snapshot.SizeOf(o)));

        if (type != "FinalizerHeld")
        {
            Assert.Equal(HeapShapesTarget.ReferenceArrayBytes(count), target.Snapshot.SizeOf(target.Single(Ns + type + "[]")));
        }
    }

    [Fact]
    public void Dropped_objects_are_not_in_the_snapshot()
    {
        // 5,000 were allocated and dropped before the last GC; the type may be known (its name was sent) but has no object.
        Assert.Empty(target.ObjectsOf(Ns + "Garbage"));
        Assert.True(target.Snapshot.ObjectCount < 5_000, $"{target.Snapshot.ObjectCount} objects: garbage seems to be in the snapshot");
    }

    [Theory]
    [InlineData("StaticHeld", "[static] s_staticHeld", 2)]
    [InlineData("StackHeld", "[stack]", 2)]
    [InlineData("HandleHeld", "[strong handle]", 2)]
    [InlineData("FinalizerHeld", "[finalizer queue]", 1)]
    public void Path_finds_the_root_kind_that_really_holds_each_type(string type, string root, int depth)
    {
        var report = HeapPathReport.Compute(target.Snapshot, target.Paths, type);
        var path = Assert.Single(report.Paths);
        Assert.Equal(root, path.Frames[0]);
        Assert.Equal(Ns + type, path.Frames[^1]);
        Assert.Equal(depth + 1, path.Frames.Count);
        Assert.Equal(report.InstanceCount, path.Count);
    }

    [Fact]
    public void Retained_sizes_of_the_known_graph_equal_the_hand_computed_dominators()
    {
        // A→B, A→C, B→D, C→D, D→E, E→byte[1000]: D is reached through B and through C, so A dominates it;
        // B and C retain only themselves, D retains D, E and the payload, A everything.
        var s = target.Snapshot;
        int a = target.Single(Ns + "DominatorA"), b = target.Single(Ns + "DominatorB"), c = target.Single(Ns + "DominatorC");
        int d = target.Single(Ns + "DominatorD"), e = target.Single(Ns + "DominatorE");
        int payload = Assert.Single(s.ReferencesOf(e).ToArray());
        Assert.Equal(16 + 8 + 1000, s.SizeOf(payload));
        Assert.Equal(32, s.SizeOf(a));

        var tree = target.Dominators;
        Assert.Equal(a, tree.ImmediateDominator(b));
        Assert.Equal(a, tree.ImmediateDominator(c));
        Assert.Equal(a, tree.ImmediateDominator(d));
        Assert.Equal(d, tree.ImmediateDominator(e));
        Assert.Equal(s.SizeOf(b), tree.RetainedSize(b));
        Assert.Equal(s.SizeOf(c), tree.RetainedSize(c));
        Assert.Equal(s.SizeOf(d) + s.SizeOf(e) + s.SizeOf(payload), tree.RetainedSize(d));
        Assert.Equal(s.SizeOf(a) + s.SizeOf(b) + s.SizeOf(c) + tree.RetainedSize(d), tree.RetainedSize(a));
        Assert.Equal(s.TotalBytes, tree.RetainedSize(tree.VirtualRoot));
    }

    [Fact]
    public void The_report_counts_each_type_once_with_its_retained_bytes()
    {
        var report = HeapReport.Compute(target.Snapshot, target.Dominators, target.Paths, new HeapReportOptions { TypeCount = 0 });
        var array = Assert.Single(report.Types, t => t.Type == Ns + "StaticHeld[]");
        Assert.Equal(HeapShapesTarget.ReferenceArrayBytes(HeapShapesTarget.StaticCount) + (HeapShapesTarget.StaticCount * HeapShapesTarget.SmallObjectBytes), array.RetainedBytes);
        Assert.Equal(target.Snapshot.ObjectCount, report.Types.Sum(t => t.Count));
        Assert.Equal(target.Snapshot.TotalBytes, report.Generations.Sum(g => g.Bytes));
        Assert.Contains(report.Retainers, r => r.Type == Ns + "StaticHeld[]" && r.Root == "[static] s_staticHeld");
    }

    [Fact]
    public void The_pprof_profile_loads_in_go_tool_pprof_with_the_snapshots_totals()
    {
        using var folder = new TemporaryDirectory();
        string file = Path.Combine(folder.Path, "heap.pb.gz");
        PprofWriter.WriteFile(HeapProfile.Build(target.Snapshot, target.Paths), file);

        string[] objects = GoPprof.Run(file, "-top", "-nodecount=500", "-sample_index=inuse_objects");
        Assert.Contains(objects, l => l.Contains($"of {target.Snapshot.ObjectCount} total", StringComparison.Ordinal));
        Assert.Contains(objects, l => l.TrimStart().StartsWith("1000 ", StringComparison.Ordinal) && l.EndsWith(Ns + "StaticHeld", StringComparison.Ordinal));
        string[] bytes = GoPprof.Run(file, "-top", "-unit=B", "-sample_index=inuse_space");
        Assert.Contains(bytes, l => l.Contains($"of {target.Snapshot.TotalBytes}B total", StringComparison.Ordinal));
        string[] peek = GoPprof.Run(file, "-peek=StaticHeld$", "-sample_index=inuse_objects");
        Assert.Contains(peek, l => l.Contains(Ns + "StaticHeld[]", StringComparison.Ordinal));
    }

    [Fact]
    public void The_snapshot_file_round_trips()
    {
        using var folder = new TemporaryDirectory();
        string file = Path.Combine(folder.Path, "heap.hwheap");
        HeapSnapshotFile.Write(target.Snapshot, file);
        var read = HeapSnapshotFile.Read(file);
        var s = target.Snapshot;

        Assert.Equal(s.Info.ProcessDescription, read.Info.ProcessDescription);
        Assert.Equal(s.Info.TakenAt, read.Info.TakenAt);
        Assert.Equal(s.Info.TargetPause, read.Info.TargetPause);
        Assert.Equal(s.Addresses, read.Addresses);
        Assert.Equal(s.Sizes, read.Sizes);
        Assert.Equal(s.Types, read.Types);
        Assert.Equal(s.Generations, read.Generations);
        Assert.Equal(s.EdgeStarts, read.EdgeStarts);
        Assert.Equal(s.EdgeTargets, read.EdgeTargets);
        Assert.Equal(s.TypeNames, read.TypeNames);
        Assert.Equal(s.RootTargets, read.RootTargets);
        Assert.Equal(s.RootKinds, read.RootKinds);
        Assert.Equal(s.RootNames, read.RootNames);
    }
}

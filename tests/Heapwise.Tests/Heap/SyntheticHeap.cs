using Heapwise.Heap;

namespace Heapwise.Tests.Heap;

/// <summary>Small hand-made heap graphs for testing the graph algorithms without a process.</summary>
internal static class SyntheticHeap
{
    /// <summary>A snapshot of objects with the given sizes, one type per distinct name, references and roots.</summary>
    public static HeapSnapshot Create(long[] sizes, string[] typeOfObject, (int From, int To)[] edges, (int Object, HeapRootKind Kind, string Name)[] roots)
    {
        int n = sizes.Length;
        var typeNames = typeOfObject.Distinct().ToArray();
        int[] types = [.. typeOfObject.Select(t => Array.IndexOf(typeNames, t))];
        var starts = new int[n + 1];
        foreach (var (from, _) in edges)
        {
            starts[from + 1]++;
        }

        for (int i = 1; i <= n; i++)
        {
            starts[i] += starts[i - 1];
        }

        var targets = new int[edges.Length];
        var fill = (int[])starts.Clone();
        foreach (var (from, to) in edges)
        {
            targets[fill[from]++] = to;
        }

        ulong[] addresses = [.. Enumerable.Range(0, n).Select(i => 0x10000UL + ((ulong)i * 0x100))];
        var info = new HeapSnapshotInfo { ProcessId = 1, ProcessDescription = "synthetic", TakenAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero) };
        return new HeapSnapshot(info, addresses, sizes, types, new byte[n], starts, targets, typeNames,
            [.. roots.Select(r => r.Object)], [.. roots.Select(r => r.Kind)], [.. roots.Select(r => r.Name)]);
    }

    /// <summary>The same with one type per object, named by <paramref name="names"/>.</summary>
    public static HeapSnapshot Create(long[] sizes, (int From, int To)[] edges, params (int Object, HeapRootKind Kind)[] roots) =>
        Create(sizes, [.. Enumerable.Range(0, sizes.Length).Select(i => "T" + i)], edges, [.. roots.Select(r => (r.Object, r.Kind, string.Empty))]);
}

using System.Globalization;

namespace Heapwise.Heap;

/// <summary>
/// What a heap snapshot holds: live objects by type (count, shallow and retained bytes), the largest retainers
/// (dominator tree), and the split over generations, the large object heap and the pinned object heap.
/// </summary>
public sealed class HeapReport
{
    private HeapReport(HeapSnapshotInfo info, long objects, long bytes, IReadOnlyList<HeapTypeRow> types, IReadOnlyList<HeapRetainerRow> retainers,
        IReadOnlyList<HeapGenerationRow> generations, int unreachable, HeapWaste? waste)
    {
        Info = info;
        ObjectCount = objects;
        TotalBytes = bytes;
        Types = types;
        Retainers = retainers;
        Generations = generations;
        UnreachedObjects = unreachable;
        Waste = waste;
    }

    /// <summary>The snapshot's info (process, time, pause, problems).</summary>
    public HeapSnapshotInfo Info { get; }

    /// <summary>Live objects in the snapshot.</summary>
    public long ObjectCount { get; }

    /// <summary>Their shallow sizes added up.</summary>
    public long TotalBytes { get; }

    /// <summary>Types, largest retained size first.</summary>
    public IReadOnlyList<HeapTypeRow> Types { get; }

    /// <summary>The objects retaining the most, largest first.</summary>
    public IReadOnlyList<HeapRetainerRow> Retainers { get; }

    /// <summary>Objects by generation (gen0, gen1, gen2, LOH, POH, then unknown when some were not placed).</summary>
    public IReadOnlyList<HeapGenerationRow> Generations { get; }

    /// <summary>Objects the runtime reported but no reported root reaches (they hang from the virtual root).</summary>
    public int UnreachedObjects { get; }

    /// <summary>The waste found in the heap dump taken with the snapshot; <see langword="null"/> when none was taken.</summary>
    public HeapWaste? Waste { get; }

    /// <summary>Computes the report.</summary>
    public static HeapReport Compute(HeapSnapshot snapshot, DominatorTree dominators, RootPaths paths, HeapReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(dominators);
        ArgumentNullException.ThrowIfNull(paths);
        options ??= HeapReportOptions.Default;
        var types = TypeRows(snapshot, dominators);
        var ordered = types.OrderByDescending(r => r.RetainedBytes).ThenByDescending(r => r.ShallowBytes).ThenBy(r => r.Type, StringComparer.Ordinal);
        var typeRows = options.TypeCount > 0 ? ordered.Take(options.TypeCount).ToArray() : ordered.ToArray();
        int unreached = Enumerable.Range(0, snapshot.ObjectCount).Count(o => !paths.IsReachable(o));
        return new HeapReport(snapshot.Info, snapshot.ObjectCount, snapshot.TotalBytes, typeRows, LargestRetainers(snapshot, dominators, paths, options.RetainerCount),
            GenerationRows(snapshot), unreached, snapshot.Waste);
    }

    /// <summary>Every type's row (unordered). Retained bytes count each object once: an object retained by another of its type is inside that one's.</summary>
    internal static List<HeapTypeRow> TypeRows(HeapSnapshot snapshot, DominatorTree dominators)
    {
        int typeCount = snapshot.TypeCount;
        var counts = new long[typeCount];
        var shallow = new long[typeCount];
        var retained = new long[typeCount];
        for (int v = 0; v < snapshot.ObjectCount; v++)
        {
            counts[snapshot.Types[v]]++;
            shallow[snapshot.Types[v]] += snapshot.Sizes[v];
        }

        // Walk the dominator tree keeping, per type, how many ancestors of that type are open: an object adds its
        // retained size to its type only when none is.
        var (starts, children) = dominators.Children();
        var open = new int[typeCount];
        int root = dominators.VirtualRoot;
        var stack = new Stack<(int Node, bool Exit)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (node, exit) = stack.Pop();
            if (node == root)
            {
                if (!exit)
                {
                    PushChildren(root);
                }

                continue;
            }

            int type = snapshot.Types[node];
            if (exit)
            {
                open[type]--;
                continue;
            }

            if (open[type] == 0)
            {
                retained[type] += dominators.RetainedSize(node);
            }

            open[type]++;
            stack.Push((node, true));
            PushChildren(node);
        }

        var rows = new List<HeapTypeRow>();
        for (int t = 0; t < typeCount; t++)
        {
            if (counts[t] > 0)
            {
                rows.Add(new HeapTypeRow(snapshot.TypeName(t), counts[t], shallow[t], retained[t]));
            }
        }

        return rows;

        void PushChildren(int node)
        {
            for (int c = starts[node]; c < starts[node + 1]; c++)
            {
                stack.Push((children[c], false));
            }
        }
    }

    private static List<HeapRetainerRow> LargestRetainers(HeapSnapshot snapshot, DominatorTree dominators, RootPaths paths, int count)
    {
        var top = new PriorityQueue<int, long>();
        for (int v = 0; v < snapshot.ObjectCount && count > 0; v++)
        {
            long size = dominators.RetainedSize(v);
            if (top.Count < count)
            {
                top.Enqueue(v, size);
            }
            else if (top.TryPeek(out _, out long smallest) && size > smallest)
            {
                top.EnqueueDequeue(v, size);
            }
        }

        var (starts, children) = dominators.Children();
        var rows = new List<HeapRetainerRow>();
        while (top.TryDequeue(out int v, out _))
        {
            rows.Add(new HeapRetainerRow(v, snapshot.AddressOf(v), snapshot.TypeName(snapshot.TypeOf(v)), snapshot.SizeOf(v),
                dominators.RetainedSize(v), SubtreeSize(v, starts, children), DescribeRoot(snapshot, paths, v)));
        }

        rows.Reverse();
        return rows;
    }

    /// <summary>How <paramref name="obj"/> is held: <c>[static] s_cache</c>, <c>[stack]</c>, <c>[strong handle]</c>; with the hop count when not directly.</summary>
    internal static string DescribeRoot(HeapSnapshot snapshot, RootPaths paths, int obj)
    {
        int root = paths.Root(obj);
        if (root < 0)
        {
            return "[no root reported]";
        }

        string name = HeapRootKinds.DisplayName(snapshot.RootKind(root));
        if (snapshot.RootName(root).Length > 0)
        {
            name += " " + snapshot.RootName(root);
        }

        int hops = paths.PathTo(obj).Count - 1;
        return hops == 0 ? name : string.Create(CultureInfo.InvariantCulture, $"{name} +{hops}");
    }

    private static long SubtreeSize(int node, int[] starts, int[] children)
    {
        long count = 0;
        var stack = new Stack<int>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            int v = stack.Pop();
            count++;
            for (int c = starts[v]; c < starts[v + 1]; c++)
            {
                stack.Push(children[c]);
            }
        }

        return count;
    }

    private static List<HeapGenerationRow> GenerationRows(HeapSnapshot snapshot)
    {
        string[] names = ["gen0", "gen1", "gen2", "LOH", "POH"];
        var counts = new long[names.Length + 1];
        var bytes = new long[names.Length + 1];
        for (int v = 0; v < snapshot.ObjectCount; v++)
        {
            int g = Math.Min((int)snapshot.Generations[v], names.Length);
            counts[g]++;
            bytes[g] += snapshot.Sizes[v];
        }

        var rows = names.Select((n, g) => new HeapGenerationRow(n, counts[g], bytes[g])).ToList();
        if (counts[names.Length] > 0)
        {
            rows.Add(new HeapGenerationRow("unknown", counts[names.Length], bytes[names.Length]));
        }

        return rows;
    }
}

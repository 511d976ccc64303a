namespace Heapwise.Heap;

/// <summary>
/// The shortest reference path from a GC root to every object: a breadth-first walk from all roots at once, keeping
/// for each object the object it was first reached from and the root the walk started at.
/// </summary>
/// <remarks>
/// When an object is held by several roots at the same distance, the root kind earlier in <see cref="KindPreference"/>
/// wins: a static field or a handle explains a leak better than a finalizer queue entry that only exists because
/// the object has a finalizer.
/// </remarks>
public sealed class RootPaths
{
    /// <summary>Root kinds in the order they are preferred when several hold an object at the same distance.</summary>
    public static IReadOnlyList<HeapRootKind> KindPreference { get; } =
    [
        HeapRootKind.StaticVariable, HeapRootKind.StrongHandle, HeapRootKind.PinningHandle, HeapRootKind.Stack,
        HeapRootKind.DependentHandle, HeapRootKind.Other, HeapRootKind.FinalizerQueue,
    ];

    private const int NotReached = -2;
    private const int HeldByRoot = -1;

    private readonly int[] _parent;
    private readonly int[] _root;

    private RootPaths(int[] parent, int[] root, int[] order)
    {
        _parent = parent;
        _root = root;
        Order = order;
    }

    /// <summary>Objects in the order the walk reached them (parents before children); unreached objects are left out.</summary>
    internal int[] Order { get; }

    /// <summary>Computes the paths of <paramref name="snapshot"/>.</summary>
    public static RootPaths Compute(HeapSnapshot snapshot) => Compute(snapshot, KindPreference);

    /// <summary>
    /// Computes the paths of <paramref name="snapshot"/> from the roots of <paramref name="kinds"/> only, preferred in
    /// <see cref="KindPreference"/>'s order (e.g. without <see cref="HeapRootKind.Stack"/>, to see what else holds an
    /// object the caller holds on its stack while asking).
    /// </summary>
    public static RootPaths Compute(HeapSnapshot snapshot, IReadOnlyCollection<HeapRootKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(kinds);
        int objects = snapshot.ObjectCount;
        var parent = new int[objects];
        var root = new int[objects];
        Array.Fill(parent, NotReached);
        var queue = new int[objects];
        int tail = 0;
        foreach (var kind in KindPreference.Where(kinds.Contains))
        {
            for (int r = 0; r < snapshot.RootCount; r++)
            {
                int target = snapshot.RootTargets[r];
                if (snapshot.RootKinds[r] == kind && parent[target] == NotReached)
                {
                    parent[target] = HeldByRoot;
                    root[target] = r;
                    queue[tail++] = target;
                }
            }
        }

        int[] starts = snapshot.EdgeStarts;
        int[] targets = snapshot.EdgeTargets;
        for (int head = 0; head < tail; head++)
        {
            int v = queue[head];
            for (int e = starts[v]; e < starts[v + 1]; e++)
            {
                int w = targets[e];
                if (parent[w] == NotReached)
                {
                    parent[w] = v;
                    root[w] = root[v];
                    queue[tail++] = w;
                }
            }
        }

        return new RootPaths(parent, root, tail == objects ? queue : queue[..tail]);
    }

    /// <summary>Whether a root reaches <paramref name="obj"/>.</summary>
    public bool IsReachable(int obj) => _parent[obj] != NotReached;

    /// <summary>The object <paramref name="obj"/> is referenced from on its shortest path, or -1 when a root holds it directly (or nothing reaches it).</summary>
    public int Parent(int obj) => Math.Max(_parent[obj], -1);

    /// <summary>The root number (see <see cref="HeapSnapshot.RootKind"/>) at the start of <paramref name="obj"/>'s shortest path, or -1 when unreached.</summary>
    public int Root(int obj) => IsReachable(obj) ? _root[obj] : -1;

    /// <summary>The objects on the shortest path from a root to <paramref name="obj"/>, the rooted object first.</summary>
    public IReadOnlyList<int> PathTo(int obj)
    {
        var path = new List<int>();
        for (int v = obj; v >= 0; v = _parent[v])
        {
            path.Add(v);
        }

        path.Reverse();
        return path;
    }
}

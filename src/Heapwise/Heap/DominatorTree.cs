namespace Heapwise.Heap;

/// <summary>
/// The dominator tree of a heap snapshot and the retained size of every object: the bytes that would be freed if
/// that object alone became unreachable. Computed with the iterative algorithm of Cooper, Harvey and Kennedy
/// ("A Simple, Fast Dominance Algorithm", 2001) on the snapshot's CSR arrays, from a virtual root over all GC roots.
/// </summary>
/// <remarks>
/// Objects the walk reported but no root reaches (possible only in an inconsistent snapshot) hang from the virtual
/// root too, so every object has a dominator and the retained sizes add up to the heap's total.
/// Memory: about 6 ints per object plus one per reference.
/// </remarks>
public sealed class DominatorTree
{
    private readonly int[] _idom;
    private readonly long[] _retained;
    private (int[] Starts, int[] Children)? _children;

    private DominatorTree(int[] idom, long[] retained, int unreachable)
    {
        _idom = idom;
        _retained = retained;
        UnreachableCount = unreachable;
    }

    /// <summary>The number standing for the virtual root above all GC roots (equal to the object count).</summary>
    public int VirtualRoot => _idom.Length - 1;

    /// <summary>Objects no GC root reaches; non-zero only in incomplete snapshots.</summary>
    public int UnreachableCount { get; }

    /// <summary>The immediate dominator of <paramref name="obj"/>: the nearest object every path from the roots to it goes through, or <see cref="VirtualRoot"/>.</summary>
    public int ImmediateDominator(int obj) => _idom[obj];

    /// <summary>The retained size of <paramref name="obj"/> in bytes: its own size plus what it alone keeps alive. For <see cref="VirtualRoot"/>, the whole heap.</summary>
    public long RetainedSize(int obj) => _retained[obj];

    /// <summary>The tree's child lists in compressed rows: the children of node n are <c>children[starts[n]..starts[n + 1]]</c>.</summary>
    internal (int[] Starts, int[] Children) Children()
    {
        if (_children is { } built)
        {
            return built;
        }

        int nodes = _idom.Length;
        var starts = new int[nodes + 1];
        for (int v = 0; v < nodes - 1; v++)
        {
            starts[_idom[v] + 1]++;
        }

        for (int i = 1; i <= nodes; i++)
        {
            starts[i] += starts[i - 1];
        }

        var children = new int[nodes - 1];
        var fill = (int[])starts.Clone();
        for (int v = 0; v < nodes - 1; v++)
        {
            children[fill[_idom[v]]++] = v;
        }

        _children = (starts, children);
        return _children.Value;
    }

    /// <summary>Computes the dominator tree of <paramref name="snapshot"/>.</summary>
    public static DominatorTree Compute(HeapSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        int objects = snapshot.ObjectCount;
        int root = objects;
        int[] rootChildren = DistinctRootObjects(snapshot);
        var (order, postNumber, extraRootChildren) = PostOrder(snapshot, rootChildren);
        int unreachable = extraRootChildren.Count;
        var (predStarts, preds) = Predecessors(snapshot, rootChildren, extraRootChildren);

        var idom = new int[objects + 1];
        Array.Fill(idom, -1);
        idom[root] = root;
        bool changed = true;
        while (changed)
        {
            changed = false;
            // Reverse post-order, the virtual root (last) excluded.
            for (int i = objects - 1; i >= 0; i--)
            {
                int v = order[i];
                int candidate = -1;
                for (int p = predStarts[v]; p < predStarts[v + 1]; p++)
                {
                    int pred = preds[p];
                    if (idom[pred] < 0)
                    {
                        continue;
                    }

                    candidate = candidate < 0 ? pred : Intersect(pred, candidate, idom, postNumber);
                }

                if (candidate != idom[v])
                {
                    idom[v] = candidate;
                    changed = true;
                }
            }
        }

        // A dominator finishes after everything it dominates in a depth-first walk, so one pass in post-order
        // adds each object's retained size into its dominator's after the object's own is complete.
        var retained = new long[objects + 1];
        for (int i = 0; i < objects; i++)
        {
            retained[i] = snapshot.Sizes[i];
        }

        for (int i = 0; i < objects; i++)
        {
            int v = order[i];
            retained[idom[v]] += retained[v];
        }

        return new DominatorTree(idom, retained, unreachable);
    }

    private static int Intersect(int a, int b, int[] idom, int[] postNumber)
    {
        while (a != b)
        {
            while (postNumber[a] < postNumber[b])
            {
                a = idom[a];
            }

            while (postNumber[b] < postNumber[a])
            {
                b = idom[b];
            }
        }

        return a;
    }

    private static int[] DistinctRootObjects(HeapSnapshot snapshot)
    {
        var seen = new bool[snapshot.ObjectCount];
        var list = new List<int>();
        foreach (int target in snapshot.RootTargets)
        {
            if (!seen[target])
            {
                seen[target] = true;
                list.Add(target);
            }
        }

        return [.. list];
    }

    /// <summary>Depth-first post-order from the virtual root; objects it does not reach become extra children of the root.</summary>
    private static (int[] Order, int[] PostNumber, List<int> ExtraRootChildren) PostOrder(HeapSnapshot snapshot, int[] rootChildren)
    {
        int objects = snapshot.ObjectCount;
        int[] starts = snapshot.EdgeStarts;
        int[] targets = snapshot.EdgeTargets;
        var order = new int[objects + 1];
        var postNumber = new int[objects + 1];
        var visited = new bool[objects];
        var stackNode = new int[objects];
        var stackNext = new int[objects];
        var extra = new List<int>();
        int next = 0;

        void Walk(int start)
        {
            int depth = 0;
            visited[start] = true;
            stackNode[0] = start;
            stackNext[0] = starts[start];
            while (depth >= 0)
            {
                int v = stackNode[depth];
                int e = stackNext[depth];
                if (e < starts[v + 1])
                {
                    stackNext[depth] = e + 1;
                    int w = targets[e];
                    if (!visited[w])
                    {
                        visited[w] = true;
                        depth++;
                        stackNode[depth] = w;
                        stackNext[depth] = starts[w];
                    }
                }
                else
                {
                    postNumber[v] = next;
                    order[next++] = v;
                    depth--;
                }
            }
        }

        foreach (int r in rootChildren)
        {
            if (!visited[r])
            {
                Walk(r);
            }
        }

        for (int v = 0; v < objects; v++)
        {
            if (!visited[v])
            {
                extra.Add(v);
                Walk(v);
            }
        }

        postNumber[objects] = next;
        order[next] = objects;
        return (order, postNumber, extra);
    }

    private static (int[] Starts, int[] Preds) Predecessors(HeapSnapshot snapshot, int[] rootChildren, List<int> extraRootChildren)
    {
        int objects = snapshot.ObjectCount;
        int[] starts = snapshot.EdgeStarts;
        int[] targets = snapshot.EdgeTargets;
        var predStarts = new int[objects + 2];
        foreach (int t in targets)
        {
            predStarts[t + 1]++;
        }

        foreach (int r in rootChildren)
        {
            predStarts[r + 1]++;
        }

        foreach (int r in extraRootChildren)
        {
            predStarts[r + 1]++;
        }

        for (int i = 1; i < predStarts.Length; i++)
        {
            predStarts[i] += predStarts[i - 1];
        }

        var preds = new int[predStarts[objects + 1]];
        var fill = new int[objects + 1];
        Array.Copy(predStarts, fill, objects + 1);
        for (int r = 0; r < rootChildren.Length; r++)
        {
            preds[fill[rootChildren[r]]++] = objects;
        }

        foreach (int r in extraRootChildren)
        {
            preds[fill[r]++] = objects;
        }

        for (int v = 0; v < objects; v++)
        {
            for (int e = starts[v]; e < starts[v + 1]; e++)
            {
                preds[fill[targets[e]]++] = v;
            }
        }

        return (predStarts, preds);
    }
}

namespace Heapwise.Heap;

/// <summary>
/// Every object's shortest root path reduced to the types along it and interned: objects with the same type path
/// share one path number. The bottom frame names the root (<c>[static] s_cache</c>, <c>[stack]</c>), the leaf is
/// the object's type. A run of objects of one type (a linked list) is one frame, and paths deeper than
/// <see cref="MaxDepth"/> keep their first frames, an elision frame (<c>…</c>) and the object's type, so paths stay short.
/// </summary>
internal sealed class TypePaths
{
    /// <summary>The deepest path kept before the elision frame.</summary>
    public const int MaxDepth = 32;

    /// <summary>The frame standing for elided path segments.</summary>
    public const string ElisionFrame = "…";

    /// <summary>The bottom frame of objects no reported root reaches.</summary>
    public const string UnreachedFrame = "[no root reported]";

    private const int UnreachedMarker = -1;
    private const int ElisionMarker = -2;
    private const int FirstRootMarker = -3;

    private readonly HeapSnapshot _snapshot;
    private readonly Dictionary<(int Parent, int Frame), int> _children = [];
    private readonly Dictionary<(HeapRootKind Kind, string Name), int> _rootFrames = [];
    private readonly List<string> _rootFrameNames = [];
    private readonly List<int> _parents = [];
    private readonly List<int> _frames = [];
    private readonly List<int> _depths = [];

    private TypePaths(HeapSnapshot snapshot, int objects)
    {
        _snapshot = snapshot;
        PathOf = new int[objects];
        Add(-1, UnreachedMarker);
    }

    /// <summary>The path number of each object.</summary>
    public int[] PathOf { get; }

    /// <summary>How many distinct paths.</summary>
    public int Count => _parents.Count;

    /// <summary>Computes the type paths of every object of <paramref name="snapshot"/>.</summary>
    public static TypePaths Compute(HeapSnapshot snapshot, RootPaths paths)
    {
        var result = new TypePaths(snapshot, snapshot.ObjectCount);
        int[] pathOf = result.PathOf;
        foreach (int v in paths.Order)
        {
            int parent = paths.Parent(v);
            int from = parent >= 0 ? pathOf[parent] : result.RootFrame(paths.Root(v));
            pathOf[v] = result.Extend(from, snapshot.Types[v]);
        }

        for (int v = 0; v < snapshot.ObjectCount; v++)
        {
            if (!paths.IsReachable(v))
            {
                pathOf[v] = result.Extend(0, snapshot.Types[v]);
            }
        }

        return result;
    }

    /// <summary>Objects and bytes per path number.</summary>
    public (long[] Counts, long[] Bytes) Totals()
    {
        var counts = new long[Count];
        var bytes = new long[Count];
        for (int v = 0; v < PathOf.Length; v++)
        {
            counts[PathOf[v]]++;
            bytes[PathOf[v]] += _snapshot.Sizes[v];
        }

        return (counts, bytes);
    }

    /// <summary>The path number one frame up, or -1 at the root frame.</summary>
    public int Parent(int path) => _parents[path];

    /// <summary>The name of the last frame of <paramref name="path"/>.</summary>
    public string FrameName(int path) => _frames[path] switch
    {
        >= 0 and var type => _snapshot.TypeName(type),
        UnreachedMarker => UnreachedFrame,
        ElisionMarker => ElisionFrame,
        var root => _rootFrameNames[FirstRootMarker - root],
    };

    /// <summary>The frames of <paramref name="path"/>, root first.</summary>
    public string[] Frames(int path)
    {
        var frames = new List<string>();
        for (int p = path; p >= 0; p = _parents[p])
        {
            frames.Add(FrameName(p));
        }

        frames.Reverse();
        return [.. frames];
    }

    private int RootFrame(int root)
    {
        var key = (_snapshot.RootKind(root), _snapshot.RootName(root));
        if (!_rootFrames.TryGetValue(key, out int frame))
        {
            string name = HeapRootKinds.DisplayName(key.Item1);
            _rootFrameNames.Add(key.Item2.Length > 0 ? $"{name} {key.Item2}" : name);
            frame = Intern(-1, FirstRootMarker - (_rootFrameNames.Count - 1));
            _rootFrames.Add(key, frame);
        }

        return frame;
    }

    private int Extend(int from, int type)
    {
        if (_frames[from] == type)
        {
            return from;
        }

        if (_depths[from] < MaxDepth)
        {
            return Intern(from, type);
        }

        int elision = _frames[from] == ElisionMarker ? from
            : _frames[_parents[from]] == ElisionMarker ? _parents[from]
            : Intern(from, ElisionMarker);
        return Intern(elision, type);
    }

    private int Intern(int parent, int frame)
    {
        if (!_children.TryGetValue((parent, frame), out int node))
        {
            node = Add(parent, frame);
            _children.Add((parent, frame), node);
        }

        return node;
    }

    private int Add(int parent, int frame)
    {
        _parents.Add(parent);
        _frames.Add(frame);
        _depths.Add(parent < 0 ? 1 : _depths[parent] + 1);
        return _parents.Count - 1;
    }
}

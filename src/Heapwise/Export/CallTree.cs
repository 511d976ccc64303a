using Heapwise.Analysis;
using Heapwise.Profiles;

namespace Heapwise.Export;

/// <summary>
/// All samples of one or more profiles merged into a tree of function frames, root to leaf: the data
/// of a flame graph, of folded stacks and of speedscope's sampled profiles. Each node is a function
/// on one path from the root, with the value of the samples ending there (self) and passing through
/// it (total). Inlined functions are frames of their own, as in pprof. Memory grows with the number
/// of distinct paths, not with the number of samples.
/// </summary>
/// <example>
/// <code>
/// var tree = CallTree.Build([PprofReader.ReadFile("allocs.pb.gz")], new CallTreeOptions { SampleIndex = "alloc_space" });
/// foreach (var child in tree.Root.Children) Console.WriteLine($"{child.Name} {child.Total}");
/// </code>
/// </example>
public sealed class CallTree
{
    /// <summary>The name of the root node, which stands for all samples.</summary>
    public const string RootName = "all";

    // Nodes in depth-first pre-order, children ordered by name: the subtree of node i is the range
    // [i, _end[i]), so walking, slicing and serializing need no child lists.
    private readonly int[] _name;
    private readonly long[] _self;
    private readonly long[] _total;
    private readonly int[] _depth;
    private readonly int[] _end;
    private readonly string[] _names;
    private readonly long[]? _delta;

    private CallTree(string sampleType, string unit, string[] names, int[] name, long[] self, long[] total, int[] depth, int[] end, long[]? delta = null)
    {
        _delta = delta;
        SampleType = sampleType;
        Unit = unit;
        _names = names;
        _name = name;
        _self = self;
        _total = total;
        _depth = depth;
        _end = end;
    }

    /// <summary>Name of the value summed, e.g. <c>alloc_space</c>.</summary>
    public string SampleType { get; }

    /// <summary>Unit of the value as the profile names it, e.g. <c>bytes</c>.</summary>
    public string Unit { get; }

    /// <summary>The root: all samples. Its total is the sum of all sample values.</summary>
    public CallTreeNode Root => new(this, 0);

    /// <summary>Filters of <see cref="CallTreeOptions.Filter"/> that matched no samples, as pprof warns about them.</summary>
    public IReadOnlyList<string> Warnings { get; private set; } = [];

    /// <summary>The sum of all sample values (the root's total).</summary>
    public long Total => _total[0];

    /// <summary>Number of nodes, the root included.</summary>
    public int NodeCount => _name.Length;

    /// <summary>Distinct function names; <see cref="NameIdOf"/> indexes this list. The root's name is first.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The node at <paramref name="index"/> (depth-first pre-order, the root is 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException">There is no such node.</exception>
    public CallTreeNode this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, NodeCount);
            return new CallTreeNode(this, index);
        }
    }

    /// <summary>The index in <see cref="Names"/> of node <paramref name="index"/>'s name.</summary>
    public int NameIdOf(int index) => _name[index];

    /// <summary>One past the last node of <paramref name="index"/>'s subtree: its descendants are the nodes in between.</summary>
    public int SubtreeEndOf(int index) => _end[index];

    internal string NameOf(int index) => _names[_name[index]];

    internal long SelfOf(int index) => _self[index];

    internal long TotalOf(int index) => _total[index];

    internal int DepthOf(int index) => _depth[index];

    /// <summary>
    /// Whether this is a difference tree (<see cref="BuildDiff"/>): totals are the values of the
    /// profiles and their bases together, <see cref="DeltaOf"/> the change from the bases.
    /// </summary>
    public bool IsDiff => _delta is not null;

    /// <summary>In a difference tree, the profiles' value minus the bases' value through node <paramref name="index"/>; 0 otherwise.</summary>
    public long DeltaOf(int index) => _delta is null ? 0 : _delta[index];

    internal CallTreeNode[] ChildrenOf(int index)
    {
        var children = new List<CallTreeNode>();
        for (int child = index + 1; child < _end[index]; child = _end[child])
        {
            children.Add(new CallTreeNode(this, child));
        }

        return [.. children];
    }

    /// <summary>Builds the tree of one profile.</summary>
    /// <exception cref="HeapwiseException">The sample index names no sample type of the profile.</exception>
    public static CallTree Build(Profile profile, CallTreeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return Build([profile], options);
    }

    /// <summary>
    /// Builds the tree of profiles taken together (their samples added), after the first profile's
    /// <c>drop_frames</c>/<c>keep_frames</c> as pprof applies them.
    /// </summary>
    /// <exception cref="HeapwiseException">No profiles, their sample types differ, or the sample index names none of them.</exception>
    public static CallTree Build(IReadOnlyList<Profile> profiles, CallTreeOptions? options = null)
    {
        options ??= CallTreeOptions.Default;
        // The samples a report such as top looks at: the same preparation and the same filters.
        var input = ReportInput.Create(profiles, options.SampleIndex, options.Filter);
        int valueIndex = input.Index;
        var (sampleType, unit) = (input.SampleType, input.SampleUnit);
        var view = input.View;

        var (names, frameNames) = NameTable(view);

        var growing = new GrowingTree();
        if (options.PruneBelowFraction > 0)
        {
            // The flame graph page's own cutoff (FlameGraphWriter), so what is not built is exactly what it hides.
            long total = view.Samples.Sum(s => s.Values[valueIndex]);
            AddLevelByLevel(growing, view, valueIndex, frameNames, (long)Math.Ceiling(Math.Abs((double)total) * options.PruneBelowFraction));
            return Finish(growing, sampleType, unit, names, input.Warnings);
        }

        foreach (var sample in view.Samples)
        {
            long w = sample.Values[valueIndex];
            if (w == 0)
            {
                continue;
            }

            int node = 0;
            growing.AddTotal(0, w);

            // Root to leaf: locations from the last, frames within a location from the outermost (last).
            for (int l = sample.Stack.Length - 1; l >= 0; l--)
            {
                int[] frames = sample.Stack[l].Frames;
                for (int f = frames.Length - 1; f >= 0; f--)
                {
                    node = growing.Child(node, frameNames[frames[f]]);
                    growing.AddTotal(node, w);
                }
            }

            growing.AddSelf(node, w);
        }

        return Finish(growing, sampleType, unit, names, input.Warnings);
    }

    // The tree's name table (the root's name first) and, for each frame id of the view, its name's index.
    private static (string[] Names, int[] FrameNames) NameTable(FunctionView view)
    {
        var names = new List<string> { RootName };
        var nameIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var frameNames = new int[view.Frames.Count];
        for (int f = 0; f < frameNames.Length; f++)
        {
            string name = view.Frames[f].PrintableName;
            if (!nameIds.TryGetValue(name, out int id))
            {
                id = names.Count;
                names.Add(name);
                nameIds[name] = id;
            }

            frameNames[f] = id;
        }

        return ([.. names], frameNames);
    }

    private static CallTree Finish(GrowingTree growing, string sampleType, string unit, string[] names, IReadOnlyList<string> warnings)
    {
        var tree = growing.ToPreOrder(sampleType, unit, names);
        tree.Warnings = warnings;
        return tree;
    }

    /// <summary>
    /// Adds the samples one depth at a time, so every node's total is complete before anything beneath it
    /// is added: a sample stops at the first node below <paramref name="minimum"/> (counting there as self),
    /// and the millions of paths a flame graph would leave out are never built. The frames' names are laid
    /// out depth by depth first, so each depth's pass reads one array front to back instead of visiting
    /// every sample's stack.
    /// </summary>
    private static void AddLevelByLevel(GrowingTree growing, FunctionView view, int valueIndex, int[] frameNames, long minimum)
    {
        var samples = view.Samples;
        int n = samples.Count;
        var weight = new long[n];
        var depth = new int[n]; // frames from root to leaf; 0 for samples left out
        int maxDepth = 0;
        for (int s = 0; s < n; s++)
        {
            weight[s] = samples[s].Values[valueIndex];
            if (weight[s] == 0)
            {
                continue;
            }

            growing.AddTotal(0, weight[s]);
            depth[s] = FrameCount(samples[s].Stack);
            maxDepth = Math.Max(maxDepth, depth[s]);
            if (depth[s] == 0)
            {
                growing.AddSelf(0, weight[s]);
            }
        }

        // names[d] holds, in sample order, the name at depth d of every sample at least d + 1 frames deep.
        var perDepth = new int[maxDepth + 1];
        foreach (int d in depth)
        {
            perDepth[d]++;
        }

        var names = new int[maxDepth][];
        for (int d = maxDepth - 1, deeper = 0; d >= 0; d--)
        {
            deeper += perDepth[d + 1];
            names[d] = new int[deeper];
        }

        var filled = new int[maxDepth];
        for (int s = 0; s < n; s++)
        {
            var stack = samples[s].Stack;
            for (int l = depth[s] == 0 ? -1 : stack.Length - 1, d = 0; l >= 0; l--)
            {
                int single = stack.SingleFrame(l);
                if (single >= 0)
                {
                    names[d][filled[d]++] = frameNames[single];
                    d++;
                    continue;
                }

                int[] frames = stack[l].Frames;
                for (int f = frames.Length - 1; f >= 0; f--, d++)
                {
                    names[d][filled[d]++] = frameNames[frames[f]];
                }
            }
        }

        var node = new int[n];
        var alive = new bool[n];
        for (int s = 0; s < n; s++)
        {
            alive[s] = depth[s] > 0;
        }

        // One pass per depth: a sample that ended at the previous depth, or whose node there stayed under the
        // minimum (its total is complete now), stops and counts as self; the others go one frame deeper.
        for (int d = 0; d <= maxDepth; d++)
        {
            int[] level = d < maxDepth ? names[d] : [];
            for (int s = 0, k = 0; s < n; s++)
            {
                if (depth[s] <= d)
                {
                    if (alive[s])
                    {
                        growing.AddSelf(node[s], weight[s]); // the stack ended
                        alive[s] = false;
                    }

                    continue;
                }

                int name = level[k++];
                if (!alive[s])
                {
                    continue;
                }

                if (d > 0 && Math.Abs(growing.TotalOf(node[s])) < minimum)
                {
                    growing.AddSelf(node[s], weight[s]);
                    alive[s] = false;
                    continue;
                }

                node[s] = growing.Child(node[s], name);
                growing.AddTotal(node[s], weight[s]);
            }

            if (d < maxDepth)
            {
                names[d] = []; // done with this depth
            }
        }
    }

    private static int FrameCount(ViewStack stack)
    {
        int count = 0;
        for (int l = 0; l < stack.Length; l++)
        {
            count += stack.SingleFrame(l) >= 0 ? 1 : stack[l].Frames.Length;
        }

        return count;
    }

    /// <summary>
    /// A difference tree, as for a differential flame graph: <paramref name="profiles"/> compared with
    /// <paramref name="bases"/> (pprof's <c>-diff_base</c>). A node's total is its value in both
    /// (so frames that shrank or vanished keep a width), <see cref="DeltaOf"/> its change.
    /// </summary>
    /// <exception cref="HeapwiseException">No profiles, their sample types differ, or the sample index names none of them.</exception>
    /// <param name="profiles">The profiles to look at.</param>
    /// <param name="bases">The profiles to compare with.</param>
    /// <param name="options">Which value.</param>
    /// <param name="normalize">Scale the profiles to the bases' total first (pprof's <c>-normalize</c>).</param>
    /// <param name="fileNames">File names of the profiles and of the bases, for messages (optional).</param>
    public static CallTree BuildDiff(IReadOnlyList<Profile> profiles, IReadOnlyList<Profile> bases, CallTreeOptions? options = null, bool normalize = false,
        (IReadOnlyList<string> Profiles, IReadOnlyList<string> Bases)? fileNames = null)
    {
        options ??= CallTreeOptions.Default;
        var set = ProfileSet.Create(ProfileDiff.Combine(profiles, bases, diffBase: true, normalize, fileNames?.Profiles, fileNames?.Bases));
        int valueIndex = SampleIndex.Resolve(set.SampleTypes.Select(t => t.Type).ToList(), set.DefaultSampleType, options.SampleIndex);
        var (sampleType, unit) = set.SampleTypes[valueIndex];
        var (view, warnings) = SampleFilter.Create(options.Filter) is { } filter
            ? filter.Apply(FunctionView.Create(set))
            : (FunctionView.Create(set), []);

        var (names, frameNames) = NameTable(view);

        var growing = new GrowingTree { TracksDelta = true };
        foreach (var sample in view.Samples)
        {
            long delta = sample.Values[valueIndex];
            long w = Math.Abs(delta);
            if (w == 0)
            {
                continue;
            }

            int node = 0;
            growing.AddTotal(0, w, delta);
            for (int l = sample.Stack.Length - 1; l >= 0; l--)
            {
                int[] frames = sample.Stack[l].Frames;
                for (int f = frames.Length - 1; f >= 0; f--)
                {
                    node = growing.Child(node, frameNames[frames[f]]);
                    growing.AddTotal(node, w, delta);
                }
            }

            growing.AddSelf(node, w);
        }

        return Finish(growing, sampleType, unit, names, warnings);
    }

    /// <summary>
    /// The tree while samples are added: nodes in creation order, children as linked lists, and an
    /// open-addressing table of node indices keyed by (parent, name). Tens of millions of frames are
    /// looked up on a large profile; a table of ints costs a fraction of a dictionary's memory.
    /// </summary>
    private sealed class GrowingTree
    {
        private int[] _name = new int[1024];
        private int[] _parent = new int[1024];
        private long[] _self = new long[1024];
        private long[] _total = new long[1024];
        private int[] _firstChild = new int[1024];
        private int[] _nextSibling = new int[1024];
        private long[] _delta = [];
        private int[] _slots = new int[2048]; // node index, or 0 for an empty slot (the root is no one's child)
        private int _shift = 64 - 11;         // the table has 2^(64 - _shift) slots
        private int _count = 1;

        public GrowingTree()
        {
            _firstChild[0] = -1;
            _nextSibling[0] = -1;
            _parent[0] = -1;
        }

        public void AddTotal(int node, long w) => _total[node] += w;

        /// <summary>Whether nodes also sum a change (difference trees).</summary>
        public bool TracksDelta
        {
            get => _delta.Length != 0;
            init => _delta = value ? new long[1024] : [];
        }

        public void AddTotal(int node, long w, long delta)
        {
            _total[node] += w;
            _delta[node] += delta;
        }

        public void AddSelf(int node, long w) => _self[node] += w;

        public long TotalOf(int node) => _total[node];

        public int Child(int parent, int name)
        {
            int mask = _slots.Length - 1;
            int slot = SlotOf(parent, name);
            while (true)
            {
                int node = _slots[slot];
                if (node == 0)
                {
                    break;
                }

                if (_parent[node] == parent && _name[node] == name)
                {
                    return node;
                }

                slot = (slot + 1) & mask;
            }

            if (_count == _name.Length)
            {
                int size = _count * 2;
                Array.Resize(ref _name, size);
                Array.Resize(ref _parent, size);
                Array.Resize(ref _self, size);
                Array.Resize(ref _total, size);
                Array.Resize(ref _firstChild, size);
                Array.Resize(ref _nextSibling, size);
                if (_delta.Length != 0)
                {
                    Array.Resize(ref _delta, size);
                }
            }

            int child = _count++;
            _name[child] = name;
            _parent[child] = parent;
            _firstChild[child] = -1;
            _nextSibling[child] = _firstChild[parent];
            _firstChild[parent] = child;
            _slots[slot] = child;
            if (_count * 2 > _slots.Length)
            {
                Rehash();
            }

            return child;
        }

        // Fibonacci hashing: the top bits of the key times 2^64/phi, spread well even for keys
        // that differ only in their low bits (siblings, consecutive parents).
        private int SlotOf(int parent, int name) =>
            (int)(((((ulong)(uint)parent << 32) | (uint)name) * 0x9E3779B97F4A7C15UL) >> _shift);

        private void Rehash()
        {
            _slots = new int[_slots.Length * 2];
            _shift--;
            int mask = _slots.Length - 1;
            for (int node = 1; node < _count; node++)
            {
                int slot = SlotOf(_parent[node], _name[node]);
                while (_slots[slot] != 0)
                {
                    slot = (slot + 1) & mask;
                }

                _slots[slot] = node;
            }
        }

        /// <summary>Renumbers the nodes depth-first, children by name, into the final arrays.</summary>
        public CallTree ToPreOrder(string sampleType, string unit, string[] names)
        {
            _slots = [];
            _parent = [];

            // Children are ordered by name: rank the names once, then compare ranks.
            var byName = Enumerable.Range(0, names.Length).ToArray();
            Array.Sort(byName, (a, b) => string.CompareOrdinal(names[a], names[b]));
            var rank = new int[names.Length];
            for (int r = 0; r < byName.Length; r++)
            {
                rank[byName[r]] = r;
            }

            var name = new int[_count];
            var self = new long[_count];
            var total = new long[_count];
            var depth = new int[_count];
            var end = new int[_count];
            long[]? delta = _delta.Length != 0 ? new long[_count] : null;

            // An explicit stack: profiles can be deeper than the thread's stack allows recursion.
            var pending = new Stack<(int Node, int Depth)>();
            var openEnds = new Stack<(int Index, int Depth)>();
            var children = new List<long>();
            pending.Push((0, 0));
            int next = 0;
            while (pending.Count > 0)
            {
                var (node, d) = pending.Pop();
                while (openEnds.Count > 0 && openEnds.Peek().Depth >= d)
                {
                    end[openEnds.Pop().Index] = next;
                }

                int index = next++;
                name[index] = _name[node];
                self[index] = _self[node];
                total[index] = _total[node];
                depth[index] = d;
                if (delta is not null)
                {
                    delta[index] = _delta[node];
                }

                openEnds.Push((index, d));

                // Sort keys: the name's rank, then the node (distinct names can print alike).
                children.Clear();
                for (int c = _firstChild[node]; c >= 0; c = _nextSibling[c])
                {
                    children.Add(((long)rank[_name[c]] << 32) | (uint)c);
                }

                children.Sort();
                for (int i = children.Count - 1; i >= 0; i--)
                {
                    pending.Push(((int)children[i], d + 1));
                }
            }

            while (openEnds.Count > 0)
            {
                end[openEnds.Pop().Index] = next;
            }

            return new CallTree(sampleType, unit, names, name, self, total, depth, end, delta);
        }
    }
}

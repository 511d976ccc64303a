namespace Heapwise.Heap;

/// <summary>
/// The object graph of a .NET heap at one moment: every live object (address, size, type, generation), the
/// references between them and the GC roots. Objects are numbered 0..<see cref="ObjectCount"/>-1 and stored as
/// parallel arrays with references in compressed rows (CSR), so ten million objects need no object each.
/// </summary>
/// <remarks>Instances are immutable once built; algorithms (<see cref="DominatorTree"/>, <see cref="RootPaths"/>) read the arrays directly.</remarks>
public sealed class HeapSnapshot
{
    /// <summary>The generation value of objects whose segment was not reported.</summary>
    public const byte UnknownGeneration = 255;

    internal HeapSnapshot(HeapSnapshotInfo info, ulong[] addresses, long[] sizes, int[] types, byte[] generations,
        int[] edgeStarts, int[] edgeTargets, string[] typeNames, int[] rootTargets, HeapRootKind[] rootKinds, string[] rootNames, HeapWaste? waste = null)
    {
        Info = info;
        Addresses = addresses;
        Sizes = sizes;
        Types = types;
        Generations = generations;
        EdgeStarts = edgeStarts;
        EdgeTargets = edgeTargets;
        TypeNames = typeNames;
        RootTargets = rootTargets;
        RootKinds = rootKinds;
        RootNames = rootNames;
        Waste = waste;
    }

    /// <summary>Where and when the snapshot was taken, and whether it is complete.</summary>
    public HeapSnapshotInfo Info { get; }

    /// <summary>The waste found in a heap dump taken with the snapshot (<c>heapwise heap --waste</c>); <see langword="null"/> when none was taken.</summary>
    public HeapWaste? Waste { get; }

    /// <summary>Number of live objects.</summary>
    public int ObjectCount => Addresses.Length;

    /// <summary>Number of references between objects.</summary>
    public int ReferenceCount => EdgeTargets.Length;

    /// <summary>Number of GC roots (one object may be held by several).</summary>
    public int RootCount => RootTargets.Length;

    /// <summary>Number of distinct types.</summary>
    public int TypeCount => TypeNames.Length;

    /// <summary>Sum of the shallow sizes of all objects, in bytes.</summary>
    public long TotalBytes => Sizes.Sum();

    internal ulong[] Addresses { get; }

    internal long[] Sizes { get; }

    internal int[] Types { get; }

    internal byte[] Generations { get; }

    internal int[] EdgeStarts { get; }

    internal int[] EdgeTargets { get; }

    internal string[] TypeNames { get; }

    internal int[] RootTargets { get; }

    internal HeapRootKind[] RootKinds { get; }

    /// <summary>Per root: the static field's name for static roots, otherwise empty.</summary>
    internal string[] RootNames { get; }

    /// <summary>This snapshot with <paramref name="waste"/> attached (the arrays are shared, not copied).</summary>
    public HeapSnapshot WithWaste(HeapWaste? waste) =>
        new(Info, Addresses, Sizes, Types, Generations, EdgeStarts, EdgeTargets, TypeNames, RootTargets, RootKinds, RootNames, waste);

    /// <summary>The address of object <paramref name="obj"/> in the target at the time of the snapshot.</summary>
    public ulong AddressOf(int obj) => Addresses[obj];

    /// <summary>The shallow size of object <paramref name="obj"/> in bytes (header, method table pointer and fields or elements).</summary>
    public long SizeOf(int obj) => Sizes[obj];

    /// <summary>The type number of object <paramref name="obj"/>; see <see cref="TypeName"/>.</summary>
    public int TypeOf(int obj) => Types[obj];

    /// <summary>The name of type number <paramref name="type"/>, as C# spells it.</summary>
    public string TypeName(int type) => TypeNames[type];

    /// <summary>The generation of object <paramref name="obj"/>: 0, 1, 2, 3 (large object heap), 4 (pinned object heap) or <see cref="UnknownGeneration"/>.</summary>
    public byte GenerationOf(int obj) => Generations[obj];

    /// <summary>The objects <paramref name="obj"/> references (one entry per reference field or element).</summary>
    public ReadOnlySpan<int> ReferencesOf(int obj) => EdgeTargets.AsSpan(EdgeStarts[obj], EdgeStarts[obj + 1] - EdgeStarts[obj]);

    /// <summary>The object held by root number <paramref name="root"/>.</summary>
    public int RootObject(int root) => RootTargets[root];

    /// <summary>What holds root number <paramref name="root"/>.</summary>
    public HeapRootKind RootKind(int root) => RootKinds[root];

    /// <summary>The static field's name of a static root; empty for other roots.</summary>
    public string RootName(int root) => RootNames[root];

    /// <summary>The type numbers whose name is <paramref name="name"/> (ordinal), or ends with <c>.name</c> when none is equal.</summary>
    public IReadOnlyList<int> FindTypes(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var exact = new List<int>();
        var suffix = new List<int>();
        for (int t = 0; t < TypeNames.Length; t++)
        {
            if (string.Equals(TypeNames[t], name, StringComparison.Ordinal))
            {
                exact.Add(t);
            }
            else if (TypeNames[t].EndsWith("." + name, StringComparison.Ordinal) || TypeNames[t].EndsWith("+" + name, StringComparison.Ordinal))
            {
                suffix.Add(t);
            }
        }

        return exact.Count > 0 ? exact : suffix;
    }
}

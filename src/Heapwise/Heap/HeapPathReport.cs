using System.Globalization;

namespace Heapwise.Heap;

/// <summary>
/// The shortest reference paths from GC roots to the instances of a type, grouped by the types along them: what
/// keeps them alive, static field, stack, handle or finalizer queue.
/// </summary>
public sealed class HeapPathReport
{
    private HeapPathReport(IReadOnlyList<string> types, long instances, long bytes, IReadOnlyList<HeapPathRow> rows, int pathCount)
    {
        MatchedTypes = types;
        InstanceCount = instances;
        InstanceBytes = bytes;
        Paths = rows;
        DistinctPaths = pathCount;
    }

    /// <summary>The types the name matched.</summary>
    public IReadOnlyList<string> MatchedTypes { get; }

    /// <summary>How many instances they have.</summary>
    public long InstanceCount { get; }

    /// <summary>Their shallow sizes added up.</summary>
    public long InstanceBytes { get; }

    /// <summary>The paths, most instances first.</summary>
    public IReadOnlyList<HeapPathRow> Paths { get; }

    /// <summary>How many distinct paths there are (more than <see cref="Paths"/> when limited).</summary>
    public int DistinctPaths { get; }

    /// <summary>Computes the paths to the instances of <paramref name="typeName"/> (a full name, or the end of one after a dot).</summary>
    /// <exception cref="HeapwiseException">No type of the snapshot has that name.</exception>
    public static HeapPathReport Compute(HeapSnapshot snapshot, RootPaths paths, string typeName, int maxPaths = 10)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(typeName);
        var types = snapshot.FindTypes(typeName);
        if (types.Count == 0)
        {
            throw new HeapwiseException(NotFound(snapshot, typeName));
        }

        var wanted = new bool[snapshot.TypeCount];
        foreach (int t in types)
        {
            wanted[t] = true;
        }

        var typePaths = TypePaths.Compute(snapshot, paths);
        var groups = new Dictionary<int, (long Count, long Bytes, int Example)>();
        long instances = 0;
        long bytes = 0;
        for (int v = 0; v < snapshot.ObjectCount; v++)
        {
            if (!wanted[snapshot.Types[v]])
            {
                continue;
            }

            instances++;
            bytes += snapshot.Sizes[v];
            int path = typePaths.PathOf[v];
            groups[path] = groups.TryGetValue(path, out var g) ? (g.Count + 1, g.Bytes + snapshot.Sizes[v], g.Example) : (1, snapshot.Sizes[v], v);
        }

        var rows = groups.OrderByDescending(g => g.Value.Count).ThenByDescending(g => g.Value.Bytes).Take(Math.Max(1, maxPaths))
            .Select(g => new HeapPathRow(typePaths.Frames(g.Key), g.Value.Count, g.Value.Bytes, snapshot.AddressOf(g.Value.Example),
                paths.IsReachable(g.Value.Example) ? paths.PathTo(g.Value.Example).Count - 1 : 0))
            .ToArray();
        return new HeapPathReport([.. types.Select(snapshot.TypeName)], instances, bytes, rows, groups.Count);
    }

    private static string NotFound(HeapSnapshot snapshot, string typeName)
    {
        string lastPart = typeName.Split('.', '+')[^1];
        var similar = Enumerable.Range(0, snapshot.TypeCount).Select(snapshot.TypeName)
            .Where(n => n.Contains(lastPart, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).Take(3).ToArray();
        string hint = similar.Length > 0
            ? $"did you mean {string.Join(", ", similar.Select(s => $"'{s}'"))}?"
            : "'heapwise heap report' lists the types it has.";
        return string.Create(CultureInfo.InvariantCulture, $"type '{typeName}' is not in the snapshot ({snapshot.TypeCount:N0} types, names are case-sensitive): {hint}");
    }
}

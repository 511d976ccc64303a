using Microsoft.Diagnostics.Runtime;

namespace Heapwise.Heap;

/// <summary>
/// A collection of one node per item, with no spare capacity to waste, that can still be empty:
/// <see cref="SortedSet{T}"/> and <see cref="LinkedList{T}"/> (a <c>count</c> field), and
/// <see cref="SortedDictionary{TKey, TValue}"/> (a <c>_set</c> holding that count, whose object it owns).
/// </summary>
internal sealed class NodeCollectionLayout : CollectionLayout
{
    private readonly ClrInstanceField? _inner;
    private readonly ClrInstanceField? _count;

    // SortedDictionary's set is a TreeSet<KeyValuePair<K,V>>: its count field is looked up per method table.
    private readonly Dictionary<ulong, ClrInstanceField?> _innerCounts = [];

    private NodeCollectionLayout(ClrInstanceField? inner, ClrInstanceField? count)
    {
        _inner = inner;
        _count = count;
    }

    /// <summary>The layout of <paramref name="type"/> named <paramref name="name"/> when it is one of the collections above.</summary>
    public static NodeCollectionLayout? For(ClrType type, string name, ref string? missing)
    {
        string? absent = null;
        NodeCollectionLayout? layout = null;
        if (IsGeneric(name, "System.Collections.Generic.SortedSet<", "System.Collections.Generic.LinkedList<"))
        {
            var count = Find(type, "count", ref absent);
            layout = count is null ? null : new NodeCollectionLayout(null, count);
        }
        else if (IsGeneric(name, "System.Collections.Generic.SortedDictionary<"))
        {
            var inner = Find(type, "_set", ref absent);
            layout = inner is null ? null : new NodeCollectionLayout(inner, null);
        }

        if (absent is not null)
        {
            missing = absent;
        }

        return layout;
    }

    /// <inheritdoc/>
    public override CollectionMeasure? Measure(ClrObject obj, out string? missing)
    {
        missing = null;
        long bytes = WasteAnalyzer.HeapSize(obj);
        long count;
        if (_inner is null)
        {
            count = _count!.Read<int>(obj.Address, interior: false);
        }
        else
        {
            var set = _inner.ReadObject(obj.Address, interior: false);
            if (set.IsNull || set.Type is not { } setType)
            {
                return new CollectionMeasure(0, 0, 0, bytes, false, 0);
            }

            if (!_innerCounts.TryGetValue(setType.MethodTable, out var countField))
            {
                countField = setType.GetFieldByName("count");
                _innerCounts[setType.MethodTable] = countField;
            }

            if (countField is null)
            {
                missing = "_set.count";
                return null;
            }

            count = countField.Read<int>(set.Address, interior: false);
            bytes += WasteAnalyzer.HeapSize(set);
        }

        // Capacity equals count: a node collection is never over-sized, only empty.
        long items = Math.Max(0, count);
        return new CollectionMeasure(items, items, 0, bytes, false, 0);
    }
}

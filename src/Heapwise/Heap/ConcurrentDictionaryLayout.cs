using Microsoft.Diagnostics.Runtime;

namespace Heapwise.Heap;

/// <summary>
/// <see cref="System.Collections.Concurrent.ConcurrentDictionary{TKey, TValue}"/>: a <c>_tables</c> object holds the
/// buckets (one reference to a chain of nodes each), the lock objects and a count per lock. Nodes are allocated one
/// per item, so the spare capacity is the buckets no item uses; the count is the sum of the per-lock counts.
/// </summary>
internal sealed class ConcurrentDictionaryLayout : CollectionLayout
{
    private readonly ClrInstanceField _tables;

    // The tables type is a nested generic class: its fields are looked up on the first object seen, per method table.
    private readonly Dictionary<ulong, TablesFields> _tablesFields = [];

    private ConcurrentDictionaryLayout(ClrInstanceField tables) => _tables = tables;

    /// <summary>The layout of <paramref name="type"/> named <paramref name="name"/> when it is a ConcurrentDictionary.</summary>
    public static ConcurrentDictionaryLayout? For(ClrType type, string name, ref string? missing)
    {
        if (!IsGeneric(name, "System.Collections.Concurrent.ConcurrentDictionary<"))
        {
            return null;
        }

        string? absent = null;
        var tables = Find(type, "_tables", ref absent);
        if (tables is null)
        {
            missing = absent;
            return null;
        }

        return new ConcurrentDictionaryLayout(tables);
    }

    /// <inheritdoc/>
    public override CollectionMeasure? Measure(ClrObject obj, out string? missing)
    {
        missing = null;
        var tables = _tables.ReadObject(obj.Address, interior: false);
        if (tables.IsNull || tables.Type is not { } tablesType)
        {
            return new CollectionMeasure(0, 0, 0, WasteAnalyzer.HeapSize(obj), false, 0);
        }

        if (!_tablesFields.TryGetValue(tablesType.MethodTable, out var fields))
        {
            string? absent = null;
            var buckets = Find(tablesType, "_buckets", ref absent);
            var lockArray = Find(tablesType, "_locks", ref absent);
            var counts = Find(tablesType, "_countPerLock", ref absent);
            fields = new TablesFields(buckets, lockArray, counts, absent);
            _tablesFields[tablesType.MethodTable] = fields;
        }

        if (fields is not (ClrInstanceField bucketsField, ClrInstanceField locksField, ClrInstanceField countsField, null))
        {
            missing = fields.Missing;
            return null;
        }

        var bucketArray = bucketsField.ReadObject(tables.Address, interior: false);
        var (capacity, slotBytes, bucketBytes) = ArrayOf(bucketArray);
        var (_, _, lockBytes) = ArrayOf(locksField.ReadObject(tables.Address, interior: false));
        var countArray = countsField.ReadObject(tables.Address, interior: false);
        var (lockCount, _, countBytes) = ArrayOf(countArray);
        long count = 0;
        if (lockCount > 0)
        {
            foreach (int perLock in countArray.AsArray().ReadValues<int>(0, (int)lockCount) ?? [])
            {
                count += perLock;
            }
        }

        // The lock objects themselves (one small object each, shared with no one) are not counted: 24 bytes per lock.
        long bytes = WasteAnalyzer.HeapSize(obj) + WasteAnalyzer.HeapSize(tables) + bucketBytes + lockBytes + countBytes;
        return new CollectionMeasure(Math.Max(0, count), capacity, slotBytes, bytes, false, capacity > 0 ? bucketArray.Address : 0);
    }

    private sealed record TablesFields(ClrInstanceField? Buckets, ClrInstanceField? Locks, ClrInstanceField? CountPerLock, string? Missing);
}

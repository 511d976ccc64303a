using Microsoft.Diagnostics.Runtime;

namespace Heapwise.Heap;

/// <summary>
/// How to measure one kind of BCL collection in a dump, from the dump's own type information (field names change
/// between runtime versions, so nothing is assumed about offsets). Three shapes: a slot array and a count
/// (<see cref="SlotArrayLayout"/>), <see cref="System.Collections.Concurrent.ConcurrentDictionary{TKey, TValue}"/>'s
/// tables (<see cref="ConcurrentDictionaryLayout"/>), and node-based collections with a count only
/// (<see cref="NodeCollectionLayout"/>: no spare capacity, but they can be empty).
/// </summary>
internal abstract class CollectionLayout
{
    /// <summary>
    /// The layout of <paramref name="type"/>: <see langword="null"/> when it is not a collection Heapwise knows;
    /// when it is one but lacks an expected field, <see langword="null"/> with <paramref name="missing"/> naming the field.
    /// </summary>
    public static CollectionLayout? For(ClrType type, out string? missing)
    {
        missing = null;
        if (type.IsArray || type.IsValueType || type.Name is not { } name)
        {
            return null;
        }

        // An application's class derived from a known collection (class Orders : List<Order>) is measured as its base,
        // with the fields it inherits, and reported under its own name. The runtime's own derived types are not: they
        // wrap another collection and leave the inherited fields unused (Hashtable+SyncHashtable, the ArrayList
        // wrappers), or are part of one counted already (SortedDictionary's TreeSet).
        bool followBase = !name.StartsWith("System.", StringComparison.Ordinal);
        for (var kind = type; kind?.Name is { } kindName && kindName != "System.Object"; kind = followBase ? kind.BaseType : null)
        {
            var layout = (CollectionLayout?)SlotArrayLayout.For(type, kindName, ref missing)
                ?? (CollectionLayout?)ConcurrentDictionaryLayout.For(type, kindName, ref missing)
                ?? NodeCollectionLayout.For(type, kindName, ref missing);
            if (layout is not null || missing is not null)
            {
                return layout;
            }
        }

        return null;
    }

    /// <summary>
    /// Measures the collection at <paramref name="obj"/>; <see langword="null"/> with <paramref name="missing"/> naming
    /// the field when an object it points to (read only now) lacks an expected field.
    /// </summary>
    public abstract CollectionMeasure? Measure(ClrObject obj, out string? missing);

    /// <summary>Whether <paramref name="name"/> (a type name from the dump) is an instantiation of one of <paramref name="prefixes"/>.</summary>
    /// <remarks>Nested types such as Dictionary&lt;K,V&gt;+KeyCollection start the same way but do not end with '&gt;'.</remarks>
    protected static bool IsGeneric(string name, params ReadOnlySpan<string> prefixes)
    {
        if (!name.EndsWith('>'))
        {
            return false;
        }

        foreach (string prefix in prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The field <paramref name="field"/> of <paramref name="type"/>; when absent, the first such name is kept in <paramref name="missing"/>.</summary>
    protected static ClrInstanceField? Find(ClrType type, string? field, ref string? missing)
    {
        if (field is null)
        {
            return null;
        }

        var found = type.GetFieldByName(field);
        if (found is null)
        {
            missing ??= field;
        }

        return found;
    }

    /// <summary>An array's length, element size and heap size; zeros for null and for zero-length arrays.</summary>
    protected static (long Length, long SlotBytes, long Bytes) ArrayOf(ClrObject array)
    {
        if (array.IsNull || array.Type is not { IsArray: true } type)
        {
            return (0, 0, 0);
        }

        int length = array.AsArray().Length;

        // A zero-length array is the shared Array.Empty<T>(): it costs this collection nothing.
        return length == 0 ? (0, 0, 0) : (length, type.ComponentSize, WasteAnalyzer.HeapSize(array));
    }
}

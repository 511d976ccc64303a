using Microsoft.Diagnostics.Runtime;

namespace Heapwise.Heap;

/// <summary>
/// Where a BCL collection keeps its storage and count, read from the dump's own type information (field names
/// change between runtime versions, so nothing is assumed about offsets): <see cref="List{T}"/>, <see cref="Queue{T}"/>
/// and <see cref="Stack{T}"/> (an array and a size), <see cref="Dictionary{TKey, TValue}"/> and <see cref="HashSet{T}"/>
/// (entries and buckets, a count and a free count), and <see cref="System.Text.StringBuilder"/> chunks.
/// </summary>
internal sealed class CollectionLayout
{
    private static readonly string[] ArrayAndSizeTypes =
    [
        "System.Collections.Generic.List<", "System.Collections.Generic.Queue<", "System.Collections.Generic.Stack<",
    ];

    private static readonly string[] HashTableTypes =
    [
        "System.Collections.Generic.Dictionary<", "System.Collections.Generic.HashSet<",
    ];

    private const string StringBuilderType = "System.Text.StringBuilder";

    private readonly ClrInstanceField _storage;
    private readonly ClrInstanceField _count;
    private readonly ClrInstanceField? _freeCount;
    private readonly ClrInstanceField? _buckets;
    private readonly ClrInstanceField? _previousChunk;

    private CollectionLayout(ClrInstanceField storage, ClrInstanceField count, ClrInstanceField? freeCount, ClrInstanceField? buckets, ClrInstanceField? previousChunk)
    {
        _storage = storage;
        _count = count;
        _freeCount = freeCount;
        _buckets = buckets;
        _previousChunk = previousChunk;
    }

    /// <summary>
    /// The layout of <paramref name="type"/>: <see langword="null"/> when it is not a collection Heapwise knows;
    /// when it is one but lacks an expected field, <see langword="null"/> with <paramref name="missing"/> naming the field.
    /// </summary>
    public static CollectionLayout? For(ClrType type, out string? missing)
    {
        missing = null;
        string? name = type.Name;
        if (name is null || type.IsArray)
        {
            return null;
        }

        // Nested types such as Dictionary<K,V>+KeyCollection start the same way but do not end with '>'.
        bool generic = name.EndsWith('>');
        if (generic && ArrayAndSizeTypes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
        {
            string storageName = name.StartsWith(ArrayAndSizeTypes[0], StringComparison.Ordinal) ? "_items" : "_array";
            return Fields(type, ref missing, storageName, "_size", null, null, null);
        }

        if (generic && HashTableTypes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
        {
            return Fields(type, ref missing, "_entries", "_count", "_freeCount", "_buckets", null);
        }

        return name == StringBuilderType ? Fields(type, ref missing, "m_ChunkChars", "m_ChunkLength", null, null, "m_ChunkPrevious") : null;
    }

    private static CollectionLayout? Fields(ClrType type, ref string? missing, string storage, string count, string? freeCount, string? buckets, string? previous)
    {
        ClrInstanceField? Find(string? field, ref string? missingField)
        {
            if (field is null)
            {
                return null;
            }

            var found = type.GetFieldByName(field);
            if (found is null)
            {
                missingField ??= field;
            }

            return found;
        }

        string? absent = null;
        var storageField = Find(storage, ref absent);
        var countField = Find(count, ref absent);
        var freeField = Find(freeCount, ref absent);
        var bucketsField = Find(buckets, ref absent);
        var previousField = Find(previous, ref absent);
        if (absent is not null || storageField is null || countField is null)
        {
            missing = absent ?? storage;
            return null;
        }

        return new CollectionLayout(storageField, countField, freeField, bucketsField, previousField);
    }

    /// <summary>Measures the collection at <paramref name="obj"/>.</summary>
    public CollectionMeasure Measure(ClrObject obj)
    {
        long count = _count.Read<int>(obj.Address, interior: false);
        if (_freeCount is not null)
        {
            count -= _freeCount.Read<int>(obj.Address, interior: false);
        }

        var storage = _storage.ReadObject(obj.Address, interior: false);
        var (capacity, slotBytes, storageBytes) = ArrayOf(storage);
        if (_buckets is not null)
        {
            // Dictionary and HashSet keep one bucket (an int) per entry: an unused entry wastes both.
            var (_, bucketSlot, bucketBytes) = ArrayOf(_buckets.ReadObject(obj.Address, interior: false));
            slotBytes += bucketSlot;
            storageBytes += bucketBytes;
        }

        // A StringBuilder with earlier chunks is not empty even when its last chunk is.
        bool hasPrevious = _previousChunk is not null && !_previousChunk.ReadObject(obj.Address, interior: false).IsNull;
        return new CollectionMeasure(Math.Max(0, count), capacity, slotBytes, WasteAnalyzer.HeapSize(obj) + storageBytes, hasPrevious, capacity > 0 ? storage.Address : 0);
    }

    private static (long Length, long SlotBytes, long Bytes) ArrayOf(ClrObject array)
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

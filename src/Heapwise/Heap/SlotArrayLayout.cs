using Microsoft.Diagnostics.Runtime;

namespace Heapwise.Heap;

/// <summary>
/// A collection that keeps its elements in one slot array and counts them in a field: <see cref="List{T}"/>,
/// <see cref="Queue{T}"/>, <see cref="Stack{T}"/>, <see cref="PriorityQueue{TElement, TPriority}"/> and
/// <see cref="System.Collections.ArrayList"/> (an array and a size); <see cref="SortedList{TKey, TValue}"/> (keys and
/// values arrays of one length); <see cref="Dictionary{TKey, TValue}"/> and <see cref="HashSet{T}"/> (entries and
/// buckets, a count and a free count); <see cref="System.Collections.Hashtable"/> (buckets and a count); and
/// <see cref="System.Text.StringBuilder"/> chunks.
/// </summary>
internal sealed class SlotArrayLayout : CollectionLayout
{
    private const string StringBuilderType = "System.Text.StringBuilder";

    private readonly ClrInstanceField _storage;
    private readonly ClrInstanceField _count;
    private readonly ClrInstanceField? _freeCount;
    private readonly ClrInstanceField? _companion;
    private readonly ClrInstanceField? _previousChunk;

    private SlotArrayLayout(ClrInstanceField storage, ClrInstanceField count, ClrInstanceField? freeCount, ClrInstanceField? companion, ClrInstanceField? previousChunk)
    {
        _storage = storage;
        _count = count;
        _freeCount = freeCount;
        _companion = companion;
        _previousChunk = previousChunk;
    }

    /// <summary>The layout of <paramref name="type"/> named <paramref name="name"/> when it is one of the collections above.</summary>
    public static SlotArrayLayout? For(ClrType type, string name, ref string? missing)
    {
        if (IsGeneric(name, "System.Collections.Generic.List<"))
        {
            return Fields(type, ref missing, "_items", "_size");
        }

        if (IsGeneric(name, "System.Collections.Generic.Queue<", "System.Collections.Generic.Stack<"))
        {
            return Fields(type, ref missing, "_array", "_size");
        }

        if (IsGeneric(name, "System.Collections.Generic.PriorityQueue<"))
        {
            return Fields(type, ref missing, "_nodes", "_size");
        }

        if (IsGeneric(name, "System.Collections.Generic.SortedList<"))
        {
            // Two arrays of one length: an unused slot wastes a key and a value.
            return Fields(type, ref missing, "keys", "_size", companion: "values");
        }

        if (IsGeneric(name, "System.Collections.Generic.Dictionary<", "System.Collections.Generic.HashSet<"))
        {
            return Fields(type, ref missing, "_entries", "_count", "_freeCount", "_buckets");
        }

        return name switch
        {
            "System.Collections.ArrayList" => Fields(type, ref missing, "_items", "_size"),
            "System.Collections.Hashtable" => Fields(type, ref missing, "_buckets", "_count"),
            StringBuilderType => Fields(type, ref missing, "m_ChunkChars", "m_ChunkLength", previous: "m_ChunkPrevious"),
            _ => null,
        };
    }

    /// <inheritdoc/>
    public override CollectionMeasure? Measure(ClrObject obj, out string? missing)
    {
        missing = null;
        long count = _count.Read<int>(obj.Address, interior: false);
        if (_freeCount is not null)
        {
            count -= _freeCount.Read<int>(obj.Address, interior: false);
        }

        var storage = _storage.ReadObject(obj.Address, interior: false);
        var (capacity, slotBytes, storageBytes) = ArrayOf(storage);
        ulong companion = 0;
        if (_companion is not null)
        {
            // Dictionary and HashSet keep one bucket (an int) per entry, SortedList one value per key: an unused slot wastes both.
            var companionArray = _companion.ReadObject(obj.Address, interior: false);
            var (companionLength, companionSlot, companionBytes) = ArrayOf(companionArray);
            slotBytes += companionSlot;
            storageBytes += companionBytes;
            companion = companionLength > 0 ? companionArray.Address : 0;
        }

        // A StringBuilder with earlier chunks is not empty even when its last chunk is.
        bool hasPrevious = _previousChunk is not null && !_previousChunk.ReadObject(obj.Address, interior: false).IsNull;
        return new CollectionMeasure(Math.Max(0, count), capacity, slotBytes, WasteAnalyzer.HeapSize(obj) + storageBytes, hasPrevious, capacity > 0 ? storage.Address : 0, companion);
    }

    private static SlotArrayLayout? Fields(ClrType type, ref string? missing, string storage, string count, string? freeCount = null, string? companion = null,
        string? previous = null)
    {
        string? absent = null;
        var storageField = Find(type, storage, ref absent);
        var countField = Find(type, count, ref absent);
        var freeField = Find(type, freeCount, ref absent);
        var companionField = Find(type, companion, ref absent);
        var previousField = Find(type, previous, ref absent);
        if (absent is not null || storageField is null || countField is null)
        {
            missing = absent ?? storage;
            return null;
        }

        return new SlotArrayLayout(storageField, countField, freeField, companionField, previousField);
    }
}

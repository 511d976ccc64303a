using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using Microsoft.Diagnostics.Runtime;

namespace Heapwise.Heap;

/// <summary>
/// Counts strings by content without keeping the contents: each string's characters are read from the dump in
/// slices and hashed to 64 bits, and strings are grouped by (hash, length). Memory is one small entry per distinct
/// content, capped at <see cref="WasteOptions.MaxDistinctStrings"/>; a content first seen after the cap is counted
/// as unexamined. A 64-bit hash makes two different contents of one length collide with odds of about n²/2⁶⁵
/// (10⁻⁷ for a million distinct strings), which is accepted for a report of waste.
/// </summary>
internal sealed class DuplicateStringCounter
{
    private const int SliceBytes = 1 << 16;

    private readonly Dictionary<(ulong Hash, int Length), Group> _groups = [];
    private readonly IMemoryReader _memory;
    private readonly ClrInstanceField _lengthField;
    private readonly ClrInstanceField _firstCharField;
    private readonly int _maxDistinct;
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(SliceBytes);

    private DuplicateStringCounter(IMemoryReader memory, ClrInstanceField lengthField, ClrInstanceField firstCharField, int maxDistinct)
    {
        _memory = memory;
        _lengthField = lengthField;
        _firstCharField = firstCharField;
        _maxDistinct = maxDistinct;
    }

    /// <summary>Strings whose content was first seen after the cap was reached.</summary>
    public long Unexamined { get; private set; }

    /// <summary>Strings whose characters could not be read from the dump.</summary>
    public long Unreadable { get; private set; }

    /// <summary>A counter for <paramref name="runtime"/>'s strings; <see langword="null"/> when the string type lacks the expected fields.</summary>
    public static DuplicateStringCounter? Create(ClrRuntime runtime, int maxDistinct)
    {
        var type = runtime.Heap.StringType;
        var length = type?.GetFieldByName("_stringLength");
        var firstChar = type?.GetFieldByName("_firstChar");
        return length is null || firstChar is null ? null : new DuplicateStringCounter(runtime.DataTarget.DataReader, length, firstChar, maxDistinct);
    }

    /// <summary>Counts the string at <paramref name="obj"/>.</summary>
    public void Add(ClrObject obj)
    {
        int length = _lengthField.Read<int>(obj.Address, interior: false);
        if (length < 0 || !TryHash(_firstCharField.GetAddress(obj.Address), 2L * length, out ulong hash))
        {
            Unreadable++;
            return;
        }

        if (_groups.Count >= _maxDistinct)
        {
            ref var existing = ref CollectionsMarshal.GetValueRefOrNullRef(_groups, (hash, length));
            if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref existing))
            {
                Unexamined++;
                return;
            }

            existing.Copies++;
            return;
        }

        ref var group = ref CollectionsMarshal.GetValueRefOrAddDefault(_groups, (hash, length), out bool found);
        if (!found)
        {
            group.First = obj.Address;
            group.Size = WasteAnalyzer.HeapSize(obj);
        }

        group.Copies++;
    }

    /// <summary>The contents held more than once, most wasted bytes first, with the address of one copy.</summary>
    public (List<(ulong Address, int Length, long Copies, long Size)> Top, long WastedBytes) Duplicates(int rows)
    {
        long wasted = 0;
        var top = new PriorityQueue<(ulong, int, long, long), long>();
        foreach (var ((_, length), group) in _groups)
        {
            if (group.Copies < 2)
            {
                continue;
            }

            long bytes = (group.Copies - 1) * group.Size;
            wasted += bytes;
            if (top.Count < rows)
            {
                top.Enqueue((group.First, length, group.Copies, group.Size), bytes);
            }
            else if (rows > 0 && top.TryPeek(out _, out long smallest) && bytes > smallest)
            {
                top.EnqueueDequeue((group.First, length, group.Copies, group.Size), bytes);
            }
        }

        var list = new List<(ulong, int, long, long)>();
        while (top.TryDequeue(out var row, out _))
        {
            list.Add(row);
        }

        list.Reverse();
        return (list, wasted);
    }

    /// <summary>Gives the read buffer back.</summary>
    public void Release() => ArrayPool<byte>.Shared.Return(_buffer);

    private bool TryHash(ulong address, long bytes, out ulong hash)
    {
        // xxHash64's round and avalanche over 8-byte words; the slices are whole words except the last.
        const ulong Prime1 = 11400714785074694791UL;
        const ulong Prime2 = 14029467366897019727UL;
        hash = Prime1 ^ (ulong)bytes;
        while (bytes > 0)
        {
            int slice = (int)Math.Min(bytes, SliceBytes);
            var span = _buffer.AsSpan(0, slice);
            if (_memory.Read(address, span) != slice)
            {
                return false;
            }

            int i = 0;
            for (; i + 8 <= slice; i += 8)
            {
                hash = BitOperations.RotateLeft(hash ^ (BinaryPrimitives.ReadUInt64LittleEndian(span[i..]) * Prime2), 31) * Prime1;
            }

            for (; i < slice; i++)
            {
                hash = BitOperations.RotateLeft(hash ^ (span[i] * Prime1), 11) * Prime2;
            }

            address += (ulong)slice;
            bytes -= slice;
        }

        hash ^= hash >> 33;
        hash *= Prime2;
        hash ^= hash >> 29;
        return true;
    }

    private struct Group
    {
        public long Copies;
        public long Size;
        public ulong First;
    }
}

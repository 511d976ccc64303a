using Microsoft.Diagnostics.Runtime;

namespace Heapwise.Heap;

/// <summary>
/// The objects of a dump that its GC roots reach, marked in one bit per 8 bytes of heap segment (16 MB for a
/// 1 GB heap): a dump holds dead objects too (those that died after the last GC), and their waste is not the
/// live heap's.
/// </summary>
internal sealed class LiveObjectSet
{
    private readonly ulong[] _starts;
    private readonly ulong[] _ends;
    private readonly long[] _firstBit;
    private readonly ulong[] _bits;

    private LiveObjectSet(ulong[] starts, ulong[] ends, long[] firstBit, ulong[] bits)
    {
        _starts = starts;
        _ends = ends;
        _firstBit = firstBit;
        _bits = bits;
    }

    /// <summary>Marks every object reachable from <paramref name="heap"/>'s roots (dependent handles included).</summary>
    public static LiveObjectSet Mark(ClrHeap heap, CancellationToken cancellationToken)
    {
        var segments = heap.Segments.Select(s => s.ObjectRange).Where(r => r.Length > 0).OrderBy(r => r.Start).ToArray();
        var starts = segments.Select(r => r.Start).ToArray();
        var ends = segments.Select(r => r.End).ToArray();
        var firstBit = new long[segments.Length];
        long bitCount = 0;
        for (int i = 0; i < segments.Length; i++)
        {
            firstBit[i] = bitCount;
            bitCount += (long)((segments[i].Length + 7) / 8);
        }

        var set = new LiveObjectSet(starts, ends, firstBit, new ulong[(bitCount + 63) / 64]);
        var pending = new Stack<ulong>();
        foreach (var root in heap.EnumerateRoots())
        {
            if (set.TryMark(root.Object.Address))
            {
                pending.Push(root.Object.Address);
            }
        }

        long visited = 0;
        while (pending.TryPop(out ulong address))
        {
            if (++visited % 1_000_000 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            foreach (ulong reference in heap.GetObject(address).EnumerateReferenceAddresses(carefully: false, considerDependantHandles: true))
            {
                if (set.TryMark(reference))
                {
                    pending.Push(reference);
                }
            }
        }

        return set;
    }

    /// <summary>Whether the object at <paramref name="address"/> was reached.</summary>
    public bool Contains(ulong address) => Bit(address) is long bit && (_bits[bit >> 6] & (1UL << (int)(bit & 63))) != 0;

    /// <summary>Marks <paramref name="address"/>; false when it was marked already or lies outside every segment.</summary>
    private bool TryMark(ulong address)
    {
        if (Bit(address) is not long bit)
        {
            return false;
        }

        ref ulong word = ref _bits[bit >> 6];
        ulong mask = 1UL << (int)(bit & 63);
        if ((word & mask) != 0)
        {
            return false;
        }

        word |= mask;
        return true;
    }

    private long? Bit(ulong address)
    {
        int i = Array.BinarySearch(_starts, address);
        if (i < 0)
        {
            i = ~i - 1;
        }

        return i >= 0 && address < _ends[i] ? _firstBit[i] + (long)((address - _starts[i]) / 8) : null;
    }
}

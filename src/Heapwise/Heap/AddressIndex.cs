namespace Heapwise.Heap;

/// <summary>
/// Finds the object at an address: the addresses sorted once with their object numbers beside them, then a binary
/// search per lookup. Two arrays instead of a dictionary of ten million entries.
/// </summary>
internal sealed class AddressIndex
{
    private readonly ulong[] _sorted;
    private readonly int[] _objects;
    private readonly long[] _sizes;

    /// <summary>Indexes <paramref name="addresses"/> (object number = position); <paramref name="sizes"/> resolves interior pointers.</summary>
    public AddressIndex(ulong[] addresses, long[] sizes)
    {
        _sorted = (ulong[])addresses.Clone();
        _objects = new int[addresses.Length];
        for (int i = 0; i < _objects.Length; i++)
        {
            _objects[i] = i;
        }

        Array.Sort(_sorted, _objects);
        _sizes = sizes;
        for (int i = 1; i < _sorted.Length; i++)
        {
            if (_sorted[i] == _sorted[i - 1])
            {
                Duplicates++;
            }
        }
    }

    /// <summary>How many addresses appear more than once.</summary>
    public int Duplicates { get; }

    /// <summary>The object at or containing <paramref name="address"/> (an interior pointer), or -1.</summary>
    public int Find(ulong address)
    {
        int at = Array.BinarySearch(_sorted, address);
        if (at >= 0)
        {
            return _objects[at];
        }

        at = ~at - 1;
        if (at < 0)
        {
            return -1;
        }

        int obj = _objects[at];
        return address - _sorted[at] < (ulong)_sizes[obj] ? obj : -1;
    }
}

namespace Heapwise.Profiles;

/// <summary>
/// A set of message ids (mapping, function, location). Writers number ids 1, 2, 3…, so a flag per id
/// up to a few times the expected count does the work of a hash set for a fraction of its cost; ids
/// beyond that (a sparsely numbered file) go to a hash set.
/// </summary>
internal sealed class IdSet
{
    private readonly bool[] _dense;
    private readonly HashSet<ulong> _sparse = [];

    /// <summary>A set sized for about <paramref name="expectedCount"/> ids.</summary>
    public IdSet(int expectedCount) => _dense = new bool[(expectedCount * 4L) + 1024];

    /// <summary>Adds <paramref name="id"/>; <see langword="false"/> when it was there already.</summary>
    public bool Add(ulong id)
    {
        if (id < (ulong)_dense.Length)
        {
            bool added = !_dense[id];
            _dense[id] = true;
            return added;
        }

        return _sparse.Add(id);
    }

    /// <summary>Whether <paramref name="id"/> was added.</summary>
    public bool Contains(ulong id) => id < (ulong)_dense.Length ? _dense[id] : _sparse.Contains(id);
}

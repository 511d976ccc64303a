using System.Runtime.InteropServices;

namespace Heapwise.Analysis;

/// <summary>
/// A dictionary key made of a sequence of numbers and a tag, hashed once: what makes two samples one when merging
/// (their location ids, tagged with their label set id), two label sets one, or two locations one (the numbers of
/// <see cref="ProfileKeys.Identity"/>).
/// </summary>
/// <typeparam name="T">The numbers' type.</typeparam>
internal readonly struct SequenceKey<T> : IEquatable<SequenceKey<T>>
    where T : unmanaged, IEquatable<T>
{
    private readonly T[] _items;
    private readonly int _tag;
    private readonly int _hash;

    public SequenceKey(T[] items, int tag = 0)
    {
        _items = items;
        _tag = tag;
        var hash = new HashCode();
        hash.Add(tag);
        hash.AddBytes(MemoryMarshal.AsBytes(items.AsSpan()));
        _hash = hash.ToHashCode();
    }

    public bool Equals(SequenceKey<T> other) =>
        _hash == other._hash && _tag == other._tag && _items.AsSpan().SequenceEqual(other._items);

    public override bool Equals(object? obj) => obj is SequenceKey<T> other && Equals(other);

    public override int GetHashCode() => _hash;
}

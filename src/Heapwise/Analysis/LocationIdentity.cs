namespace Heapwise.Analysis;

/// <summary>
/// What pprof's merge compares to tell two locations apart, as numbers: the module (by its merge name's id),
/// the address within it, whether it is folded, and per line its function (by merge name's id) and line number.
/// </summary>
internal readonly struct LocationIdentity : IEquatable<LocationIdentity>
{
    private readonly long[] _parts;
    private readonly int _hash;

    public LocationIdentity(long[] parts)
    {
        _parts = parts;
        var hash = new HashCode();
        hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(parts.AsSpan()));
        _hash = hash.ToHashCode();
    }

    public bool Equals(LocationIdentity other) => _hash == other._hash && _parts.AsSpan().SequenceEqual(other._parts);

    public override bool Equals(object? obj) => obj is LocationIdentity other && Equals(other);

    public override int GetHashCode() => _hash;
}

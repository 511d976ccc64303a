namespace Heapwise.Analysis;

/// <summary>
/// A sample's values (one per sample type) as a slice of a larger array: samples read from a compact
/// table share the table's own array instead of a small array each, which on a million-sample profile
/// is a million objects the garbage collector no longer copies.
/// </summary>
internal readonly struct SampleValues
{
    private readonly long[] _array;
    private readonly int _offset;

    /// <summary>Values <paramref name="offset"/> to <paramref name="offset"/> + <paramref name="length"/> of <paramref name="array"/>.</summary>
    public SampleValues(long[] array, int offset, int length)
    {
        _array = array;
        _offset = offset;
        Length = length;
    }

    /// <summary>Values of their own.</summary>
    public SampleValues(long[] values)
        : this(values, 0, values.Length)
    {
    }

    /// <summary>How many values (the profile's sample types).</summary>
    public int Length { get; }

    /// <summary>The value for sample type <paramref name="index"/>; a reference, so merging can add to it.</summary>
    public ref long this[int index] => ref _array[_offset + index];

    /// <summary>The values as a span.</summary>
    public Span<long> AsSpan() => _array.AsSpan(_offset, Length);
}

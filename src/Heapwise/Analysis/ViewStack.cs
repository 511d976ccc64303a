namespace Heapwise.Analysis;

/// <summary>
/// A sample's stack in a <see cref="FunctionView"/>, leaf location first: either its own array, or a
/// slice of a compact sample table's location ids read through the view's id-to-location array. The
/// second form lets a view of a large compact profile share the table's frames instead of copying
/// them (8 bytes a frame, about 150 MB on a 1,000,000-sample profile).
/// </summary>
internal readonly struct ViewStack
{
    private readonly ViewLocation[]? _locations;
    private readonly int[]? _ids;
    private readonly ViewLocation[]? _byId;
    private readonly int _offset;

    /// <summary>A stack that owns its locations.</summary>
    public ViewStack(ViewLocation[] locations)
    {
        _locations = locations;
        Length = locations.Length;
    }

    /// <summary>A stack of the ids <paramref name="ids"/>[<paramref name="offset"/>..+<paramref name="length"/>], each naming <paramref name="byId"/>[id].</summary>
    public ViewStack(int[] ids, int offset, int length, ViewLocation[] byId)
    {
        _ids = ids;
        _offset = offset;
        Length = length;
        _byId = byId;
    }

    /// <summary>Number of locations.</summary>
    public int Length { get; }

    /// <summary>The location at <paramref name="index"/>, 0 being the leaf.</summary>
    public ViewLocation this[int index] =>
        _locations is not null ? _locations[index] : _byId![_ids.AsSpan(_offset, Length)[index]];

    /// <summary>A stack owning <paramref name="locations"/>.</summary>
    public static implicit operator ViewStack(ViewLocation[] locations) => new(locations);

    /// <summary>Enumerates the locations, leaf first.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>Enumerates a <see cref="ViewStack"/> without allocating.</summary>
    public struct Enumerator(ViewStack stack)
    {
        private int _index = -1;

        /// <summary>The current location.</summary>
        public readonly ViewLocation Current => stack[_index];

        /// <summary>Moves to the next location.</summary>
        public bool MoveNext() => ++_index < stack.Length;
    }
}

namespace Heapwise.Analysis;

/// <summary>
/// A sample's stack in a <see cref="FunctionView"/>, leaf location first: either its own array, or a
/// slice of a compact sample table's location ids read through the view's <see cref="ViewStackLocations"/>.
/// The second form lets a view of a large compact profile share the table's frames instead of copying
/// them (8 bytes a frame, about 150 MB on a 1,000,000-sample profile).
/// </summary>
internal readonly struct ViewStack
{
    private readonly ViewLocation[]? _locations;
    private readonly int[]? _ids;
    private readonly ViewStackLocations? _byId;
    private readonly int _offset;

    /// <summary>A stack that owns its locations.</summary>
    public ViewStack(ViewLocation[] locations)
    {
        _locations = locations;
        Length = locations.Length;
    }

    /// <summary>A stack of the ids <paramref name="ids"/>[<paramref name="offset"/>..+<paramref name="length"/>], read through <paramref name="byId"/>.</summary>
    public ViewStack(int[] ids, int offset, int length, ViewStackLocations byId)
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
        _locations is not null ? _locations[index] : _byId!.Locations[_ids.AsSpan(_offset, Length)[index]];

    /// <summary>
    /// The frame id of the location at <paramref name="index"/> when it has exactly one frame (no inlining),
    /// else -1. Walks over millions of frames use it: for a table-backed stack it reads two arrays of ints
    /// instead of following a location object and its frame array.
    /// </summary>
    public int SingleFrame(int index)
    {
        if (_locations is not null)
        {
            int[] frames = _locations[index].Frames;
            return frames.Length == 1 ? frames[0] : -1;
        }

        return _byId!.SingleFrames[_ids.AsSpan(_offset, Length)[index]];
    }

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

/// <summary>The view's locations by the location ids a compact sample table stores, and their single frames (see <see cref="ViewStack.SingleFrame"/>).</summary>
/// <param name="Locations">The location of each id (null for ids no location has).</param>
/// <param name="SingleFrames">The frame id of each id's location when it has one frame, else -1.</param>
internal sealed record ViewStackLocations(ViewLocation[] Locations, int[] SingleFrames);

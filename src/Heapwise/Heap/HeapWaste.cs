namespace Heapwise.Heap;

/// <summary>
/// Memory a heap holds without need, found from field values in a heap dump: collections whose capacity far
/// exceeds their count, empty collections, duplicate strings and arrays that are mostly zero, each with the bytes it
/// costs. Totals cover everything found; the row lists hold the largest findings only (see <see cref="WasteOptions.RowCount"/>).
/// </summary>
public sealed record HeapWaste
{
    /// <summary>What the dump behind these findings cost: its size on disk, the time to write it (the target is paused meanwhile) and to analyze it.</summary>
    public HeapDumpCost Dump { get; init; } = new(0, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>The thresholds the findings were made with.</summary>
    public WasteOptions Options { get; init; } = WasteOptions.Default;

    /// <summary>Objects the analysis walked in the dump.</summary>
    public long ObjectCount { get; init; }

    /// <summary>Their sizes added up, in bytes.</summary>
    public long HeapBytes { get; init; }

    /// <summary>Collections whose capacity is at least <see cref="WasteOptions.CapacityRatio"/> times their count, by type, most wasted bytes first.</summary>
    public IReadOnlyList<WasteCollectionRow> Collections { get; init; } = [];

    /// <summary>Empty collections (count 0), by type, most bytes first.</summary>
    public IReadOnlyList<WasteEmptyRow> EmptyCollections { get; init; } = [];

    /// <summary>Strings with more than one copy, by content, most wasted bytes first.</summary>
    public IReadOnlyList<WasteStringRow> DuplicateStrings { get; init; } = [];

    /// <summary>Arrays of primitives or structs that are mostly zero bytes, most zero bytes first.</summary>
    public IReadOnlyList<WasteArrayRow> ZeroArrays { get; init; } = [];

    /// <summary>Unused slots of all over-sized collections, in bytes (all types, not only the rows listed).</summary>
    public long CollectionBytes { get; init; }

    /// <summary>What all empty collections cost, in bytes.</summary>
    public long EmptyCollectionBytes { get; init; }

    /// <summary>What all copies of strings beyond the first cost, in bytes.</summary>
    public long DuplicateStringBytes { get; init; }

    /// <summary>Zero bytes in all mostly-zero arrays.</summary>
    public long ZeroArrayBytes { get; init; }

    /// <summary>What the analysis skipped or could not read, one sentence each (e.g. a collection type whose fields are not the expected ones).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>All four kinds of waste added up.</summary>
    public long TotalBytes => CollectionBytes + EmptyCollectionBytes + DuplicateStringBytes + ZeroArrayBytes;
}

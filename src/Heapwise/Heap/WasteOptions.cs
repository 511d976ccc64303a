namespace Heapwise.Heap;

/// <summary>The thresholds of a waste analysis; the defaults are documented in docs/architecture.md.</summary>
public sealed record WasteOptions
{
    /// <summary>The defaults.</summary>
    public static WasteOptions Default { get; } = new();

    /// <summary>A non-empty collection counts as over-sized when its capacity is at least this many times its count (default 2).</summary>
    public double CapacityRatio { get; init; } = 2;

    /// <summary>Arrays of primitives or structs smaller than this (element bytes) are not examined for zeros (default 1,024).</summary>
    public long MinArrayBytes { get; init; } = 1024;

    /// <summary>An examined array counts as mostly zero when at least this fraction of its element bytes are zero (default 0.9).</summary>
    public double ZeroFraction { get; init; } = 0.9;

    /// <summary>
    /// How many distinct string contents the duplicate search keeps (default 2,000,000, about 100 MB): a heap with
    /// more has the contents first seen beyond it left out, and a note says how many strings that was.
    /// </summary>
    public int MaxDistinctStrings { get; init; } = 2_000_000;

    /// <summary>How many rows each kind of waste lists (default 10); totals count everything.</summary>
    public int RowCount { get; init; } = 10;

    /// <summary>How many characters of a duplicate string the report shows (default 60).</summary>
    public int PreviewLength { get; init; } = 60;

    /// <summary>Where the dump is written (and deleted after the analysis); the temporary folder when <see langword="null"/>.</summary>
    public string? DumpFolder { get; init; }
}

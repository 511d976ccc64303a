namespace Heapwise.Heap;

/// <summary>What <see cref="HeapReport.Compute"/> includes.</summary>
public sealed record HeapReportOptions
{
    /// <summary>The defaults: 25 types, 10 retainers.</summary>
    public static HeapReportOptions Default { get; } = new();

    /// <summary>How many types to list, largest retained size first (0: all).</summary>
    public int TypeCount { get; init; } = 25;

    /// <summary>How many of the largest retainers to list.</summary>
    public int RetainerCount { get; init; } = 10;
}

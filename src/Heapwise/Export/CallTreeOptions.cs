using Heapwise.Analysis;

namespace Heapwise.Export;

/// <summary>What a <see cref="CallTree"/> is built from; the defaults take the profile's default sample type.</summary>
public sealed record CallTreeOptions
{
    /// <summary>The options used when none are given.</summary>
    public static CallTreeOptions Default { get; } = new();

    /// <summary>
    /// Which value the tree sums (pprof's <c>-sample_index</c>): a sample type name such as
    /// <c>alloc_space</c>, a zero-based index, or <see langword="null"/> for the profile's default.
    /// </summary>
    public string? SampleIndex { get; init; }

    /// <summary>
    /// Which samples and frames the tree holds: pprof's focus, ignore, hide, show, tagfocus and
    /// tagignore, applied exactly as for the reports (<c>top</c> and the others). Default: none.
    /// </summary>
    public SampleFilterOptions Filter { get; init; } = SampleFilterOptions.None;
}

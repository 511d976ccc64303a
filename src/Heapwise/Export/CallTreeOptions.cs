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

    /// <summary>
    /// Build only what a flame graph shows at this resolution: a node whose total is below this fraction of
    /// the tree's total is kept, with its exact total, but nothing beneath it is built, and the value of its
    /// callees counts as its own (self). On a profile with a million distinct stacks that is a few hundred
    /// thousand nodes instead of millions. Default 0: every path is built, as folded stacks and speedscope need.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, above 1 or not a number.</exception>
    public double PruneBelowFraction
    {
        get;
        init
        {
            if (!(value >= 0 && value <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The fraction must be between 0 and 1.");
            }

            field = value;
        }
    }
}

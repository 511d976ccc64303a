namespace Heapwise.Analysis;

/// <summary>
/// What a <see cref="TopReport"/> shows; the defaults are those of <c>go tool pprof -top</c>.
/// </summary>
public sealed record TopOptions
{
    /// <summary>The options <c>go tool pprof -top</c> uses when given no flags.</summary>
    public static TopOptions Default { get; } = new();

    /// <summary>
    /// Which value to report (pprof's <c>-sample_index</c>): a sample type name such as
    /// <c>alloc_space</c>, a zero-based index, or <see langword="null"/> for the profile's default.
    /// </summary>
    public string? SampleIndex { get; init; }

    /// <summary>
    /// Which samples and frames to look at (pprof's <c>-focus</c>, <c>-ignore</c>, <c>-hide</c>,
    /// <c>-show</c>, <c>-tagfocus</c>, <c>-tagignore</c>). Percentages stay relative to all samples.
    /// </summary>
    public SampleFilterOptions Filter
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            field = value;
        }
    } = SampleFilterOptions.None;

    /// <summary>
    /// Aggregates by the values of this label key (e.g. <c>type</c>, the allocated type in .NET
    /// allocation profiles) instead of by function; <see langword="null"/> for functions. Filters
    /// apply first, to the real stacks. pprof gets the same rows with <c>-tagleaf=KEY -show=^KEY$</c>.
    /// </summary>
    public string? By { get; init; }

    /// <summary>What a row stands for: functions (default), files, lines, ... (pprof's <c>-lines</c> etc.).</summary>
    public Granularity Granularity { get; init; }

    /// <summary>
    /// The unit values print in (pprof's <c>-unit</c>): <c>minimum</c> (default) picks one unit for the
    /// whole report, <c>auto</c> the most readable unit for each value, and a unit name (<c>kb</c>, <c>MB</c>,
    /// <c>ms</c>, ...) that unit. As in pprof, a unit of another kind than the values (<c>ms</c> for bytes)
    /// or an unknown one prints bytes as <c>B</c> and time as <c>s</c>, and counts followed by the name given.
    /// </summary>
    /// <exception cref="ArgumentException">The value is empty.</exception>
    public string Unit
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrEmpty(value);
            field = value;
        }
    } = "minimum";

    /// <summary>Sorts by cumulative value instead of flat value (pprof's <c>-cum</c>).</summary>
    public bool Cumulative { get; init; }

    /// <summary>Shows at most this many functions; 0 shows all (pprof's <c>-nodecount</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int NodeCount
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            field = value;
        }
    }

    /// <summary>
    /// Hides functions whose cumulative value is below this fraction of the total (pprof's
    /// <c>-nodefraction</c>, default 0.005). 0 keeps all.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, above 1 or not a number.</exception>
    public double NodeFraction
    {
        get;
        init
        {
            if (!(value >= 0 && value <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The node fraction must be between 0 and 1.");
            }

            field = value;
        }
    } = 0.005;

    /// <summary>
    /// Ignores call edges below this fraction of the total when deciding whether a function is
    /// shown as <c>(inline)</c> (pprof's <c>-edgefraction</c>, default 0.001).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, above 1 or not a number.</exception>
    public double EdgeFraction
    {
        get;
        init
        {
            if (!(value >= 0 && value <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The edge fraction must be between 0 and 1.");
            }

            field = value;
        }
    } = 0.001;
}

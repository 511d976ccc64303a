namespace Heapwise.Analysis;

/// <summary>
/// What the list reports (<see cref="TracesReport"/>, <see cref="TagsReport"/>)
/// look at: which value and which samples. Defaults are those of <c>go tool pprof</c>.
/// </summary>
public sealed record ReportOptions
{
    /// <summary>The options <c>go tool pprof</c> uses when given no flags.</summary>
    public static ReportOptions Default { get; } = new();

    /// <summary>
    /// Which value to report (pprof's <c>-sample_index</c>): a sample type name such as
    /// <c>alloc_space</c>, a zero-based index, or <see langword="null"/> for the profile's default.
    /// </summary>
    public string? SampleIndex { get; init; }

    /// <summary>Which samples and frames to look at; percentages stay relative to all samples.</summary>
    public SampleFilterOptions Filter
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            field = value;
        }
    } = SampleFilterOptions.None;

    /// <summary>What a report entry stands for: functions (default), files, lines, ... (pprof's <c>-lines</c> etc.).</summary>
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
}

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
}

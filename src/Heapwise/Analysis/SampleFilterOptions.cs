namespace Heapwise.Analysis;

/// <summary>
/// Which samples and frames a report looks at: pprof's <c>-focus</c>, <c>-ignore</c>, <c>-hide</c>,
/// <c>-show</c>, <c>-tagfocus</c> and <c>-tagignore</c>, with pprof's meaning. Regular expressions
/// are unanchored and matched against each frame's function name, its source file name and its
/// module's file name, as pprof matches them. Percentages stay relative to the whole profile.
/// </summary>
/// <example>
/// <code>
/// var filter = new SampleFilterOptions { Focus = "Parse", Hide = "^System\\.", TagFocus = "bytes=1kb:64kb" };
/// var report = TopReport.Compute(profile, new TopOptions { Filter = filter });
/// </code>
/// </example>
public sealed record SampleFilterOptions
{
    /// <summary>No filtering: every sample, every frame.</summary>
    public static SampleFilterOptions None { get; } = new();

    /// <summary>Keeps only samples with a frame that matches (pprof's <c>-focus</c>).</summary>
    public string? Focus { get; init; }

    /// <summary>Drops samples with a frame that matches (pprof's <c>-ignore</c>); wins over <see cref="Focus"/>.</summary>
    public string? Ignore { get; init; }

    /// <summary>Removes matching frames from stacks, keeping the samples (pprof's <c>-hide</c>).</summary>
    public string? Hide { get; init; }

    /// <summary>Keeps only matching frames in stacks (pprof's <c>-show</c>); samples left without frames go.</summary>
    public string? Show { get; init; }

    /// <summary>
    /// Keeps only samples whose labels match (pprof's <c>-tagfocus</c>): <c>key=regex</c> (or a bare
    /// regex matched against <c>key:value</c>; several separated by commas) for string labels, a
    /// value or range such as <c>32kb</c>, <c>1kb:64kb</c>, <c>:100</c>, <c>512:</c> (optionally
    /// <c>key=</c> first) for numeric labels.
    /// </summary>
    public string? TagFocus { get; init; }

    /// <summary>Drops samples whose labels match, in the syntax of <see cref="TagFocus"/> (pprof's <c>-tagignore</c>).</summary>
    public string? TagIgnore { get; init; }

    /// <summary>Whether any filter is set.</summary>
    public bool IsActive =>
        !string.IsNullOrEmpty(Focus) || !string.IsNullOrEmpty(Ignore) || !string.IsNullOrEmpty(Hide) ||
        !string.IsNullOrEmpty(Show) || !string.IsNullOrEmpty(TagFocus) || !string.IsNullOrEmpty(TagIgnore);

    /// <summary>Checks every expression, so front ends can fail before reading profiles.</summary>
    /// <exception cref="HeapwiseException">An expression does not compile or a range is malformed; the message names the option.</exception>
    public static void Validate(SampleFilterOptions options) => SampleFilter.Create(options);

    /// <summary>
    /// The filters set, as pprof lists them under "Active filters:" (<c>focus=Parse</c>), in pprof's order.
    /// </summary>
    public IReadOnlyList<string> Describe()
    {
        var list = new List<string>();
        Add("focus", Focus);
        Add("ignore", Ignore);
        Add("hide", Hide);
        Add("show", Show);
        Add("tagfocus", TagFocus);
        Add("tagignore", TagIgnore);
        return list;

        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                list.Add(name + "=" + value);
            }
        }
    }
}

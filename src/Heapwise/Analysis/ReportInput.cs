using Heapwise.Profiles;

namespace Heapwise.Analysis;

/// <summary>
/// What every report starts from, prepared as pprof prepares it: the profiles merged into a
/// <see cref="FunctionView"/>, the value to report, the total taken before filtering (pprof's default,
/// without <c>-relative_percentages</c>), then the filters applied.
/// </summary>
internal sealed class ReportInput
{
    private Dictionary<string, string>? _numericUnits;

    private ReportInput(ProfileSet set, int index, FunctionView all, FunctionView view, long total, List<string> warnings)
    {
        Set = set;
        Index = index;
        (SampleType, SampleUnit) = set.SampleTypes[index];
        All = all;
        View = view;
        Total = total;
        Warnings = warnings;
    }

    /// <summary>The profiles and their combined header.</summary>
    public ProfileSet Set { get; }

    /// <summary>Index of the value reported in each sample's values.</summary>
    public int Index { get; }

    /// <summary>Name of the value reported, e.g. <c>alloc_space</c>.</summary>
    public string SampleType { get; }

    /// <summary>Unit of the value reported, e.g. <c>bytes</c>.</summary>
    public string SampleUnit { get; }

    /// <summary>All samples, before filtering.</summary>
    public FunctionView All { get; }

    /// <summary>The samples the filters kept (the same view as <see cref="All"/> without filters).</summary>
    public FunctionView View { get; }

    /// <summary>Sum of the absolute values of all samples, before filtering.</summary>
    public long Total { get; }

    /// <summary>Filters that matched nothing, as pprof warns about them.</summary>
    public List<string> Warnings { get; }

    /// <summary>The unit of each numeric label key (see <see cref="TagFilter.NumericUnits(FunctionView)"/>).</summary>
    public IReadOnlyDictionary<string, string> NumericUnits => _numericUnits ??= TagFilter.NumericUnits(All);

    /// <summary>Prepares <paramref name="profiles"/> for a report of value <paramref name="sampleIndex"/> filtered by <paramref name="filter"/>.</summary>
    /// <exception cref="HeapwiseException">
    /// The profiles have different sample types, the sample index names none of them, or a filter expression is invalid.
    /// </exception>
    public static ReportInput Create(IReadOnlyList<Profile> profiles, string? sampleIndex, SampleFilterOptions filter, Granularity granularity = Granularity.Functions)
    {
        var compiled = SampleFilter.Create(filter);
        var set = ProfileSet.Create(profiles);
        int index = SampleIndex.Resolve(set.SampleTypes.Select(t => t.Type).ToList(), set.DefaultSampleType, sampleIndex);
        var all = FunctionView.Create(set, granularity);
        long total = 0;
        foreach (var sample in all.Samples)
        {
            total += GoMath.Abs(sample.Values[index]);
        }

        // Profile differences (ProfileDiff): samples that cancel out go, as in pprof's merge, and
        // with -diff_base the base's samples alone make the total.
        all = ProfileDiff.WithoutZeroSamples(all);
        total = ProfileDiff.BaseTotal(all, index) is long baseTotal and > 0 ? baseTotal : total;

        var (view, warnings) = compiled is null ? (all, []) : compiled.Apply(all);
        return new ReportInput(set, index, all, view, total, warnings);
    }

    /// <summary>The header lines pprof prints above most reports (<c>File:</c> to <c>Duration:</c>), for a value formatter.</summary>
    public List<string> ProfileLabels(Func<long, string> formatValue) =>
        ReportLabels.ForProfile(Set, SampleType, SampleUnit, Total, formatValue);
}

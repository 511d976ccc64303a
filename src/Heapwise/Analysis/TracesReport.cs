using Heapwise.Profiles;

namespace Heapwise.Analysis;

/// <summary>
/// Every sample with its value, labels and stack, as <c>go tool pprof -traces</c> lists them: in
/// profile order after merging equal samples, zero values included, samples left without frames by
/// filters skipped. Computing it never changes the profile and never prints.
/// </summary>
public sealed class TracesReport
{
    private TracesReport(string sampleType, string sampleUnit, long total, IReadOnlyList<string> labels,
        IReadOnlyList<TraceEntry> traces, IReadOnlyList<string> warnings)
    {
        SampleType = sampleType;
        SampleUnit = sampleUnit;
        Total = total;
        Labels = labels;
        Traces = traces;
        Warnings = warnings;
    }

    /// <summary>Name of the value reported, e.g. <c>alloc_space</c>.</summary>
    public string SampleType { get; }

    /// <summary>Unit of the value, e.g. <c>bytes</c>.</summary>
    public string SampleUnit { get; }

    /// <summary>Sum of the absolute values of all samples, before filtering.</summary>
    public long Total { get; }

    /// <summary>The header lines pprof prints above the traces (<c>File:</c> to <c>Duration:</c>).</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The samples, in profile order.</summary>
    public IReadOnlyList<TraceEntry> Traces { get; }

    /// <summary>Notes for stderr: filters that matched no samples.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Computes the report for profiles taken together.</summary>
    /// <exception cref="HeapwiseException">
    /// The profiles have different sample types, the sample index names none of them, or a filter expression is invalid.
    /// </exception>
    public static TracesReport Compute(IReadOnlyList<Profile> profiles, ReportOptions? options = null)
    {
        options ??= ReportOptions.Default;
        var input = ReportInput.Create(profiles, options.SampleIndex, options.Filter, options.Granularity);
        string Format(long v) => MeasurementFormat.ScaledLabel(v, input.SampleUnit, options.Unit);

        var view = input.View;
        var labelCache = new Dictionary<int, IReadOnlyList<TraceLabel>>();
        var traces = new List<TraceEntry>(view.Samples.Count);
        foreach (var sample in view.Samples)
        {
            if (sample.Stack.Length == 0)
            {
                continue;
            }

            var frames = new List<TraceFrame>();
            foreach (var location in sample.Stack)
            {
                for (int i = 0; i < location.Frames.Length; i++)
                {
                    frames.Add(new TraceFrame(view.Frames[location.Frames[i]].PrintableName, i != location.Frames.Length - 1));
                }
            }

            if (!labelCache.TryGetValue(sample.LabelSet, out var labels))
            {
                labels = TraceLabels(view.Labels(sample.LabelSet), input.NumericUnits);
                labelCache[sample.LabelSet] = labels;
            }

            long value = sample.Values[input.Index];
            traces.Add(new TraceEntry(value, Format(value), labels, frames));
        }

        return new TracesReport(input.SampleType, input.SampleUnit, input.Total, input.ProfileLabels(Format), traces, input.Warnings);
    }

    /// <summary>Computes the report for one profile.</summary>
    /// <exception cref="HeapwiseException">The sample index names no sample type, or a filter expression is invalid.</exception>
    public static TracesReport Compute(Profile profile, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return Compute([profile], options);
    }

    // pprof prints "%10s:  values" per key and sorts those lines as text, string labels before numeric ones.
    private static List<TraceLabel> TraceLabels(IReadOnlyList<ViewLabel> labels, IReadOnlyDictionary<string, string> numericUnits)
    {
        var result = new List<TraceLabel>();
        foreach (bool numeric in new[] { false, true })
        {
            var group = labels.Where(l => (l.Text is null) == numeric)
                .GroupBy(l => l.Key, StringComparer.Ordinal)
                .Select(g => new TraceLabel(g.Key,
                    [.. g.Select(l => numeric ? MeasurementFormat.Label(l.Number, numericUnits[l.Key]) : l.Text!)], numeric))
                .OrderBy(l => $"{l.Key,10}:  {string.Join(' ', l.Values)}", StringComparer.Ordinal);
            result.AddRange(group);
        }

        return result;
    }
}

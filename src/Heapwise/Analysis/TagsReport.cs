using Heapwise.Profiles;

namespace Heapwise.Analysis;

/// <summary>
/// The label keys of the samples, each with its values and the value of the samples carrying them,
/// as <c>go tool pprof -tags</c> lists them: keys by name, values largest first. Numeric labels are
/// grouped by their value printed in the key's unit, converted to <see cref="ReportOptions.Unit"/> as
/// pprof's <c>-unit</c> converts them. Computing it never changes the profile.
/// </summary>
/// <example>
/// <code>
/// var tags = TagsReport.Compute([PprofReader.ReadFile("allocs.pb.gz")], new ReportOptions { SampleIndex = "alloc_space" });
/// foreach (var v in tags.Keys.Single(k => k.Key == "type").Values) Console.WriteLine($"{v.TotalText} {v.Share} {v.Value}");
/// </code>
/// </example>
public sealed class TagsReport
{
    private TagsReport(string sampleType, string sampleUnit, long total, IReadOnlyList<TagSummary> keys, IReadOnlyList<string> warnings)
    {
        SampleType = sampleType;
        SampleUnit = sampleUnit;
        Total = total;
        Keys = keys;
        Warnings = warnings;
    }

    /// <summary>Name of the value reported, e.g. <c>alloc_space</c>.</summary>
    public string SampleType { get; }

    /// <summary>Unit of the value, e.g. <c>bytes</c>.</summary>
    public string SampleUnit { get; }

    /// <summary>Sum of the absolute values of all samples, before filtering.</summary>
    public long Total { get; }

    /// <summary>The label keys, sorted by name.</summary>
    public IReadOnlyList<TagSummary> Keys { get; }

    /// <summary>Notes for stderr: filters that matched no samples.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Computes the report for profiles taken together.</summary>
    /// <param name="profiles">The profiles.</param>
    /// <param name="options">Value and filters.</param>
    /// <param name="key">Only this label key, or <see langword="null"/> for all.</param>
    /// <exception cref="HeapwiseException">
    /// The profiles have different sample types, the sample index names none of them, a filter
    /// expression is invalid, or no sample has label <paramref name="key"/>.
    /// </exception>
    public static TagsReport Compute(IReadOnlyList<Profile> profiles, ReportOptions? options = null, string? key = null)
    {
        options ??= ReportOptions.Default;
        var input = ReportInput.Create(profiles, options.SampleIndex, options.Filter);
        var view = input.View;

        // Sum per label set first (few distinct sets), then spread each set's sum over its labels.
        var perSet = new long[view.LabelSetCount + 1];
        var present = new bool[view.LabelSetCount + 1];
        foreach (var sample in view.Samples)
        {
            perSet[sample.LabelSet] += sample.Values[input.Index];
            present[sample.LabelSet] = true;
        }

        var sums = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        for (int id = 1; id < perSet.Length; id++)
        {
            if (!present[id])
            {
                continue;
            }

            foreach (var label in view.Labels(id))
            {
                if (!sums.TryGetValue(label.Key, out var values))
                {
                    values = new Dictionary<string, long>(StringComparer.Ordinal);
                    sums[label.Key] = values;
                }

                string text = label.Text ?? MeasurementFormat.ScaledLabel(label.Number, input.NumericUnits[label.Key], options.Unit);
                values[text] = values.GetValueOrDefault(text) + perSet[id];
            }
        }

        if (key is not null && !sums.ContainsKey(key))
        {
            var known = AllKeys(input.All);
            throw new HeapwiseException(known.Count == 0
                ? $"no sample has the label '{key}'; this profile has no labels."
                : $"no sample has the label '{key}'; the profile's label keys are: {string.Join(", ", known)}.");
        }

        var keys = new List<TagSummary>();
        foreach (var (name, values) in sums.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (key is not null && name != key)
            {
                continue;
            }

            long total = GoMath.Sum(values.Values);
            var rows = values
                .OrderByDescending(v => GoMath.Abs(v.Value))
                .ThenBy(v => v.Key, StringComparer.Ordinal)
                .Select(v => new TagValueSummary(v.Key, v.Value, Scaled(v.Value, input.SampleUnit, options.Unit),
                    total > 0 ? MeasurementFormat.Percentage(v.Value, total) : string.Empty))
                .ToList();
            keys.Add(new TagSummary(name, total, Scaled(total, input.SampleUnit, options.Unit), rows));
        }

        return new TagsReport(input.SampleType, input.SampleUnit, input.Total, keys, input.Warnings);
    }

    /// <summary>The label keys of all samples of <paramref name="view"/>, sorted.</summary>
    internal static List<string> AllKeys(FunctionView view)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        for (int id = 1; id <= view.LabelSetCount; id++)
        {
            foreach (var label in view.Labels(id))
            {
                keys.Add(label.Key);
            }
        }

        return [.. keys];
    }

    // pprof's "%.1f%s" of the value scaled to the output unit (-unit; minimum: the most readable unit).
    private static string Scaled(long value, string unit, string outputUnit)
    {
        var (v, u) = MeasurementFormat.Scale(value, unit, outputUnit);
        return GoFloatFormat.Fixed(v, 1) + u;
    }
}

using Heapwise.Profiles;

namespace Heapwise.Analysis;

/// <summary>
/// The functions that account for most of a profile's value, with the numbers and header lines of
/// <c>go tool pprof -top</c> at function granularity: same rows, same order, same formatting.
/// Computing it never changes the profile and never prints.
/// </summary>
/// <example>
/// <code>
/// var report = TopReport.Compute(PprofReader.ReadFile("allocs.pb.gz"), new TopOptions { SampleIndex = "alloc_space", NodeCount = 10 });
/// foreach (var row in report.Rows) Console.WriteLine($"{row.FlatText,10} {row.DisplayName}");
/// </code>
/// </example>
public sealed class TopReport
{
    private TopReport(string sampleType, string sampleUnit, string outputUnit, long total)
    {
        SampleType = sampleType;
        SampleUnit = sampleUnit;
        OutputUnit = outputUnit;
        Total = total;
    }

    /// <summary>Name of the value reported, e.g. <c>alloc_space</c>.</summary>
    public string SampleType { get; }

    /// <summary>Unit of the value as the profile names it, e.g. <c>bytes</c>.</summary>
    public string SampleUnit { get; }

    /// <summary>
    /// Unit the report prints values in: <see cref="TopOptions.Unit"/>, or for <c>minimum</c> the unit pprof's
    /// <c>-unit=minimum</c> chooses, e.g. <c>MB</c>.
    /// </summary>
    public string OutputUnit { get; }

    /// <summary>Sum of the absolute values of all samples: the 100% of every percentage.</summary>
    public long Total { get; }

    /// <summary>Sum of <see cref="TopRow.Flat"/> over the rows shown.</summary>
    public long ShownFlat { get; private set; }

    /// <summary>Functions hidden because their cumulative value was under <see cref="TopOptions.NodeFraction"/> of the total.</summary>
    public int DroppedNodes { get; private set; }

    /// <summary>Functions left after dropping, before <see cref="TopOptions.NodeCount"/> applied.</summary>
    public int AvailableNodes { get; private set; }

    /// <summary>The rows, in report order.</summary>
    public IReadOnlyList<TopRow> Rows { get; private set; } = [];

    /// <summary>The header lines pprof prints above the table, from <c>File:</c> to <c>Showing nodes ...</c>.</summary>
    public IReadOnlyList<string> Labels { get; private set; } = [];

    /// <summary>Notes for stderr, as pprof prints them: filters that matched no samples.</summary>
    public IReadOnlyList<string> Warnings { get; private set; } = [];

    /// <summary>Formats a value in the report's unit, as the table does: <c>1.50MB</c>, <c>0</c>.</summary>
    public string FormatValue(long value) => MeasurementFormat.ScaledLabel(value, SampleUnit, OutputUnit);

    /// <summary>Computes the report for one profile.</summary>
    /// <exception cref="HeapwiseException">The sample index names no sample type of the profile.</exception>
    public static TopReport Compute(Profile profile, TopOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return Compute([profile], options);
    }

    /// <summary>Computes the report for profiles taken together, as <c>go tool pprof -top a.pb.gz b.pb.gz</c> does.</summary>
    /// <exception cref="HeapwiseException">
    /// The profiles have different sample types, the sample index names none of them, or a filter
    /// expression is invalid.
    /// </exception>
    public static TopReport Compute(IReadOnlyList<Profile> profiles, TopOptions? options = null)
    {
        options ??= TopOptions.Default;
        var input = ReportInput.Create(profiles, options.SampleIndex, options.Filter, options.Granularity);
        var (set, index, view, total) = (input.Set, input.Index, input.View, input.Total);
        var (sampleType, sampleUnit) = (input.SampleType, input.SampleUnit);
        if (!string.IsNullOrEmpty(options.By))
        {
            var keys = TagsReport.AllKeys(input.All);
            if (!keys.Contains(options.By, StringComparer.Ordinal))
            {
                throw new HeapwiseException(keys.Count == 0
                    ? $"cannot group by label '{options.By}': this profile has no labels."
                    : $"cannot group by label '{options.By}': no sample has it; the profile's label keys are: {string.Join(", ", keys)}.");
            }

            view = view.GroupedByLabel(options.By);
        }

        var (flat, cum) = FunctionGraph.ComputeValues(view, index);
        var nodes = Enumerable.Range(0, view.Frames.Count).Where(n => flat[n] != 0 || cum[n] != 0).ToList();
        long graphTotal = GoMath.Sum(nodes.Select(n => flat[n]));
        long nodeCutoff = GoMath.Abs((long)(graphTotal * options.NodeFraction));
        long edgeCutoff = GoMath.Abs((long)(graphTotal * options.EdgeFraction));

        // As pprof: drop functions under the cutoff, sort, then keep the first NodeCount.
        HashSet<int>? kept = null;
        int dropped = 0;
        if (nodeCutoff > 0)
        {
            var above = nodes.Where(n => GoMath.Abs(cum[n]) >= nodeCutoff).ToList();
            dropped = nodes.Count - above.Count;
            if (dropped > 0)
            {
                nodes = above;
                kept = [.. nodes];
            }
        }

        int available = nodes.Count;
        nodes.Sort(new NodeOrder(view.Frames, flat, cum, options.Cumulative));
        if (options.NodeCount > 0 && options.NodeCount < nodes.Count)
        {
            nodes = nodes.GetRange(0, options.NodeCount);
            kept = [.. nodes];
        }

        var inline = FunctionGraph.ComputeInlineStatus(view, index, kept, nodes, edgeCutoff);
        string outputUnit = options.Unit != "minimum" ? options.Unit
            : nodes.Count == 0 ? "minimum" : MeasurementFormat.SelectOutputUnit(SmallestShown(nodes, flat, cum), total, sampleUnit);
        var report = new TopReport(sampleType, sampleUnit, outputUnit, total);

        var rows = new List<TopRow>(nodes.Count);
        long running = 0;
        foreach (int n in nodes)
        {
            running += flat[n];
            rows.Add(new TopRow(view.Frames[n].PrintableName, inline[n], flat[n], cum[n], running,
                report.FormatValue(flat[n]), report.FormatValue(cum[n])));
        }

        report.Rows = rows;
        report.ShownFlat = running;
        report.DroppedNodes = dropped;
        report.AvailableNodes = available;
        report.Labels = BuildLabels(report, set, options);
        report.Warnings = input.Warnings;
        return report;
    }

    // pprof picks the unit from the smallest non-zero flat (or cum, when flat is zero) shown.
    internal static long SmallestShown(List<int> nodes, long[] flat, long[] cum)
    {
        long smallest = 0;
        foreach (int n in nodes)
        {
            long v = GoMath.Abs(flat[n]);
            if (v == 0)
            {
                v = GoMath.Abs(cum[n]);
            }

            if (v > 0 && (smallest == 0 || v < smallest))
            {
                smallest = v;
            }
        }

        return smallest;
    }

    private static List<string> BuildLabels(TopReport report, ProfileSet set, TopOptions options)
    {
        double nodeFraction = options.NodeFraction;
        var labels = ReportLabels.ForProfile(set, report.SampleType, report.SampleUnit, report.Total, report.FormatValue);
        labels.AddRange(ReportLabels.ActiveFilters(options.Filter));
        labels.Add($"Showing nodes accounting for {report.FormatValue(report.ShownFlat)}, " +
            $"{MeasurementFormat.Percentage(report.ShownFlat, report.Total).Trim()} of {report.FormatValue(report.Total)} total");
        if (report.Total != 0)
        {
            if (report.DroppedNodes > 0)
            {
                string cutoff = report.FormatValue(GoMath.Abs((long)(report.Total * nodeFraction)));
                labels.Add($"Dropped {report.DroppedNodes} {(report.DroppedNodes > 1 ? "nodes" : "node")} (cum <= {cutoff})");
            }

            if (report.Rows.Count > 0 && report.Rows.Count < report.AvailableNodes)
            {
                labels.Add($"Showing top {report.Rows.Count} nodes out of {report.AvailableNodes}");
            }
        }

        return labels;
    }
}

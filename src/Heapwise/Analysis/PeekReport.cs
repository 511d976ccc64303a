using Heapwise.Profiles;

namespace Heapwise.Analysis;

/// <summary>
/// The callers and callees of the functions whose name matches an expression, with the value
/// flowing through each call, as <c>go tool pprof -peek</c> shows them: functions in top's order,
/// nothing trimmed, edge shares relative to the function's cumulative value.
/// </summary>
/// <example>
/// <code>
/// var peek = PeekReport.Compute([PprofReader.ReadFile("allocs.pb.gz")], "Parse");
/// foreach (var e in peek.Entries) Console.WriteLine($"{e.Name}: {e.Callers.Count} callers, {e.Callees.Count} callees");
/// </code>
/// </example>
public sealed partial class PeekReport
{
    private PeekReport(string sampleType, string sampleUnit, string outputUnit, long total)
    {
        SampleType = sampleType;
        SampleUnit = sampleUnit;
        OutputUnit = outputUnit;
        Total = total;
    }

    /// <summary>Name of the value reported, e.g. <c>alloc_space</c>.</summary>
    public string SampleType { get; }

    /// <summary>Unit of the value, e.g. <c>bytes</c>.</summary>
    public string SampleUnit { get; }

    /// <summary>Unit values are printed in: <see cref="ReportOptions.Unit"/>, or for <c>minimum</c> chosen as for <c>top</c>.</summary>
    public string OutputUnit { get; }

    /// <summary>Sum of the absolute values of all samples, before filtering: the 100% of flat% and cum%.</summary>
    public long Total { get; }

    /// <summary>The header lines pprof prints above the report.</summary>
    public IReadOnlyList<string> Labels { get; private set; } = [];

    /// <summary>The matching functions in report order.</summary>
    public IReadOnlyList<PeekEntry> Entries { get; private set; } = [];

    /// <summary>Notes for stderr: filters that matched no samples.</summary>
    public IReadOnlyList<string> Warnings { get; private set; } = [];

    /// <summary>Formats a value in the report's unit.</summary>
    public string FormatValue(long value) => MeasurementFormat.ScaledLabel(value, SampleUnit, OutputUnit);

    /// <summary>Checks that <paramref name="expression"/> compiles, so front ends can fail before reading profiles.</summary>
    /// <exception cref="HeapwiseException">The expression does not compile.</exception>
    public static void Validate(string expression) => SampleFilter.Compile("peek", expression);

    /// <summary>Computes the report for profiles taken together.</summary>
    /// <param name="profiles">The profiles.</param>
    /// <param name="expression">A regular expression matched (unanchored) against function names.</param>
    /// <param name="options">Value and filters.</param>
    /// <param name="cumulative">Orders functions by cumulative value (pprof's <c>-cum</c>).</param>
    /// <exception cref="HeapwiseException">
    /// The expression does not compile or matches no function, the profiles have different sample
    /// types, the sample index names none of them, or a filter expression is invalid.
    /// </exception>
    public static PeekReport Compute(IReadOnlyList<Profile> profiles, string expression, ReportOptions? options = null, bool cumulative = false)
    {
        ArgumentNullException.ThrowIfNull(expression);
        options ??= ReportOptions.Default;
        var regex = SampleFilter.Compile("peek", expression);
        var input = ReportInput.Create(profiles, options.SampleIndex, options.Filter, options.Granularity);
        var view = input.View;

        var (flat, cum) = FunctionGraph.ComputeValues(view, input.Index);
        var nodes = Enumerable.Range(0, view.Frames.Count).Where(n => flat[n] != 0 || cum[n] != 0).ToList();
        nodes.Sort(new NodeOrder(view.Frames, flat, cum, cumulative));
        var matched = nodes.Where(n => regex.IsMatch(view.Frames[n].PrintableName)).ToList();
        if (matched.Count == 0)
        {
            throw new HeapwiseException($"no function matches '{expression}'; 'heapwise top' lists the function names.");
        }

        string outputUnit = options.Unit != "minimum" ? options.Unit
            : nodes.Count == 0 ? "minimum"
            : MeasurementFormat.SelectOutputUnit(TopReport.SmallestShown(nodes, flat, cum), input.Total, input.SampleUnit);
        var report = new PeekReport(input.SampleType, input.SampleUnit, outputUnit, input.Total);

        var edges = ComputeEdges(view, input.Index, matched);
        var entries = new List<PeekEntry>(matched.Count);
        long running = 0;
        foreach (int n in matched)
        {
            running += flat[n];
            entries.Add(new PeekEntry(view.Frames[n].PrintableName, flat[n], cum[n], running,
                report.FormatValue(flat[n]), report.FormatValue(cum[n]),
                Sorted(edges.Where(e => e.Key.Callee == n), e => e.Caller, view, report),
                Sorted(edges.Where(e => e.Key.Caller == n), e => e.Callee, view, report)));
        }

        long shownFlat = GoMath.Sum(nodes.Select(n => flat[n]));
        var labels = input.ProfileLabels(report.FormatValue);
        labels.AddRange(ReportLabels.ActiveFilters(options.Filter));
        labels.Add($"Showing nodes accounting for {report.FormatValue(shownFlat)}, " +
            $"{MeasurementFormat.Percentage(shownFlat, input.Total).Trim()} of {report.FormatValue(input.Total)} total");
        report.Labels = labels;
        report.Entries = entries;
        report.Warnings = input.Warnings;
        return report;
    }

    // Calls into or out of the matched functions, each counted once per sample, as pprof's graph counts them.
    private static Dictionary<(int Caller, int Callee), (long Weight, bool Inline)> ComputeEdges(FunctionView view, int index, List<int> matched)
    {
        var isMatched = CallEdges.Flags(view, matched);
        return CallEdges.Collect(view, index, kept: null, (caller, callee) => isMatched[callee] || isMatched[caller]);
    }

    // pprof's edge order: |weight| descending, then caller name, then callee name (byte order).
    private static List<PeekEdge> Sorted(IEnumerable<KeyValuePair<(int Caller, int Callee), (long Weight, bool Inline)>> edges,
        Func<(int Caller, int Callee), int> other, FunctionView view, PeekReport report) =>
        [.. edges
            .OrderByDescending(e => GoMath.Abs(e.Value.Weight))
            .ThenBy(e => view.Frames[e.Key.Caller].PrintableName, StringComparer.Ordinal)
            .ThenBy(e => view.Frames[e.Key.Callee].PrintableName, StringComparer.Ordinal)
            .Select(e => new PeekEdge(view.Frames[other(e.Key)].PrintableName, e.Value.Weight, report.FormatValue(e.Value.Weight), e.Value.Inline))];
}

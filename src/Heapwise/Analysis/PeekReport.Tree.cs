using Heapwise.Profiles;

namespace Heapwise.Analysis;

public sealed partial class PeekReport
{
    /// <summary>
    /// The whole call graph as text, as <c>go tool pprof -tree</c> prints it: every function shown by
    /// <c>top</c> (after <see cref="TopOptions.NodeFraction"/> and <see cref="TopOptions.NodeCount"/>; pprof's
    /// default node count for trees is 80) with its callers and callees among the shown functions. Calls
    /// through hidden functions connect the shown ones; calls under <see cref="TopOptions.EdgeFraction"/>
    /// of the total are left out.
    /// </summary>
    /// <exception cref="HeapwiseException">The profiles have different sample types, the sample index names none of them, or a filter expression is invalid.</exception>
    public static PeekReport ComputeTree(IReadOnlyList<Profile> profiles, TopOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var input = ReportInput.Create(profiles, options.SampleIndex, options.Filter, options.Granularity);
        var view = input.View;
        var (flat, cum) = FunctionGraph.ComputeValues(view, input.Index);
        var nodes = Enumerable.Range(0, view.Frames.Count).Where(n => flat[n] != 0 || cum[n] != 0).ToList();
        long graphTotal = GoMath.Sum(nodes.Select(n => flat[n]));
        long nodeCutoff = GoMath.Abs((long)(graphTotal * options.NodeFraction));
        long edgeCutoff = GoMath.Abs((long)(graphTotal * options.EdgeFraction));

        int dropped = 0;
        if (nodeCutoff > 0)
        {
            var above = nodes.Where(n => GoMath.Abs(cum[n]) >= nodeCutoff).ToList();
            dropped = nodes.Count - above.Count;
            nodes = above;
        }

        int available = nodes.Count;
        nodes.Sort(new NodeOrder(view.Frames, flat, cum, options.Cumulative));
        if (options.NodeCount > 0 && options.NodeCount < nodes.Count)
        {
            nodes = nodes.GetRange(0, options.NodeCount);
        }

        string outputUnit = options.Unit != "minimum" ? options.Unit
            : nodes.Count == 0 ? "minimum"
            : MeasurementFormat.SelectOutputUnit(TopReport.SmallestShown(nodes, flat, cum), input.Total, input.SampleUnit);
        var report = new PeekReport(input.SampleType, input.SampleUnit, outputUnit, input.Total);

        var edges = KeptEdges(view, input.Index, nodes);
        var callers = new Dictionary<int, List<KeyValuePair<(int Caller, int Callee), (long Weight, bool Inline)>>>();
        var callees = new Dictionary<int, List<KeyValuePair<(int Caller, int Callee), (long Weight, bool Inline)>>>();
        foreach (var edge in edges)
        {
            if (GoMath.Abs(edge.Value.Weight) < edgeCutoff)
            {
                continue;
            }

            (callers.TryGetValue(edge.Key.Callee, out var inEdges) ? inEdges : callers[edge.Key.Callee] = []).Add(edge);
            (callees.TryGetValue(edge.Key.Caller, out var outEdges) ? outEdges : callees[edge.Key.Caller] = []).Add(edge);
        }

        var entries = new List<PeekEntry>(nodes.Count);
        long running = 0;
        foreach (int n in nodes)
        {
            running += flat[n];
            entries.Add(new PeekEntry(view.Frames[n].PrintableName, flat[n], cum[n], running,
                report.FormatValue(flat[n]), report.FormatValue(cum[n]),
                Sorted(callers.GetValueOrDefault(n) ?? [], e => e.Caller, view, report),
                Sorted(callees.GetValueOrDefault(n) ?? [], e => e.Callee, view, report)));
        }

        var labels = input.ProfileLabels(report.FormatValue);
        labels.AddRange(ReportLabels.ActiveFilters(options.Filter));
        labels.Add($"Showing nodes accounting for {report.FormatValue(running)}, " +
            $"{MeasurementFormat.Percentage(running, input.Total).Trim()} of {report.FormatValue(input.Total)} total");
        if (input.Total != 0)
        {
            if (dropped > 0)
            {
                string cutoff = report.FormatValue(GoMath.Abs((long)(input.Total * options.NodeFraction)));
                labels.Add($"Dropped {dropped} {(dropped > 1 ? "nodes" : "node")} (cum <= {cutoff})");
            }

            if (nodes.Count > 0 && nodes.Count < available)
            {
                labels.Add($"Showing top {nodes.Count} nodes out of {available}");
            }
        }

        report.Labels = labels;
        report.Entries = entries;
        report.Warnings = input.Warnings;
        return report;
    }

    // Calls between shown functions, stepping over hidden ones, each counted once per sample, as
    // pprof's graph built from a node set counts them.
    private static Dictionary<(int Caller, int Callee), (long Weight, bool Inline)> KeptEdges(FunctionView view, int index, List<int> kept) =>
        CallEdges.Collect(view, index, CallEdges.Flags(view, kept), include: null);
}

using Heapwise.Analysis;

namespace Heapwise.Cli.Rendering;

/// <summary>
/// Writes a <see cref="PeekReport"/> in the layout of <c>go tool pprof -peek</c>: per function its
/// callers above and callees below its own line, each with the value of the call and its share of
/// the function's cumulative value.
/// </summary>
internal static class PeekWriter
{
    private const string Separator = "----------------------------------------------------------+-------------";
    private const string Legend = "      flat  flat%   sum%        cum   cum%   calls calls% + context \t \t ";

    /// <summary>Writes the report.</summary>
    public static void Write(TextWriter writer, PeekReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        writer.WriteLine(string.Join('\n', report.Labels));
        writer.WriteLine(Separator);
        writer.WriteLine(Legend);
        foreach (var entry in report.Entries)
        {
            writer.WriteLine(Separator);
            WriteEdges(writer, entry.Callers, entry.Cum);
            writer.WriteLine(
                $"{entry.FlatText,10} {MeasurementFormat.Percentage(entry.Flat, report.Total)} {MeasurementFormat.Percentage(entry.RunningFlat, report.Total)} " +
                $"{entry.CumText,10} {MeasurementFormat.Percentage(entry.Cum, report.Total)}                | {entry.Name}");
            WriteEdges(writer, entry.Callees, entry.Cum);
        }

        if (report.Entries.Count > 0)
        {
            writer.WriteLine(Separator);
        }
    }

    private static void WriteEdges(TextWriter writer, IReadOnlyList<PeekEdge> edges, long cum)
    {
        foreach (var edge in edges)
        {
            writer.WriteLine($"{edge.WeightText,50} {MeasurementFormat.Percentage(edge.Weight, cum)} |   {edge.Name}{(edge.Inline ? " (inline)" : string.Empty)}");
        }
    }
}

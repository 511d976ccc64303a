using Heapwise.Analysis;

namespace Heapwise.Cli.Rendering;

/// <summary>
/// Writes a <see cref="TopReport"/> in the layout of <c>go tool pprof -top</c>: the header lines,
/// then columns flat, flat%, sum%, cum, cum% and the function name. The same layout means output
/// can be compared line by line with pprof's and read by scripts written for it.
/// </summary>
internal static class TopTableWriter
{
    /// <summary>Writes the header lines and the table.</summary>
    public static void Write(TextWriter writer, TopReport report, TextStyle style)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        foreach (string label in report.Labels)
        {
            writer.WriteLine(label);
        }

        WriteTable(writer, report, report.Rows, style);
    }

    /// <summary>Writes the column header and <paramref name="rows"/> (some rows of <paramref name="report"/>), without header lines.</summary>
    public static void WriteTable(TextWriter writer, TopReport report, IEnumerable<TopRow> rows, TextStyle style)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(rows);
        writer.WriteLine(style.Bold($"{"flat",10} {"flat",5}% {"sum",5}% {"cum",10} {"cum",5}%"));
        foreach (var row in rows)
        {
            writer.WriteLine(FormatRow(row, report.Total));
        }
    }

    /// <summary>One table row, exactly as pprof prints it.</summary>
    public static string FormatRow(TopRow row, long total) =>
        $"{row.FlatText,10} {MeasurementFormat.Percentage(row.Flat, total)} {MeasurementFormat.Percentage(row.RunningFlat, total)} " +
        $"{row.CumText,10} {MeasurementFormat.Percentage(row.Cum, total)}  {row.DisplayName}";
}

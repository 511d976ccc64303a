using System.Globalization;
using Heapwise.Analysis;

namespace Heapwise.Cli.Rendering;

/// <summary>Writes a <see cref="ListReport"/> in the layout of <c>go tool pprof -list</c>.</summary>
internal static class ListWriter
{
    /// <summary>Writes the report.</summary>
    public static void Write(TextWriter writer, ListReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        writer.WriteLine($"Total: {report.FormatValue(report.Total)}");
        foreach (var routine in report.Routines)
        {
            if (routine.File is null)
            {
                writer.WriteLine($"No source information for {routine.Name}");
                continue;
            }

            writer.WriteLine($"ROUTINE ======================== {routine.Name} in {routine.File}");
            writer.WriteLine($"{report.FormatValue(routine.Flat),10} {report.FormatValue(routine.Cum),10} (flat, cum) {MeasurementFormat.Percentage(routine.Cum, report.Total)} of Total");
            if (routine.Error is not null)
            {
                writer.WriteLine($" Error: {routine.Error}");
                continue;
            }

            foreach (var line in routine.Lines)
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{ValueOrDot(report, line.Flat),10} {ValueOrDot(report, line.Cum),10} {line.Number,6}:{line.Text}"));
            }
        }
    }

    /// <summary>One line per source file not found, naming the places looked at.</summary>
    public static IEnumerable<string> Warnings(ListReport report) =>
        report.Routines.Where(r => r.Error is not null && r.File is not null).Select(r => r.File!).Distinct(StringComparer.Ordinal)
            .Select(f => $"heapwise: source file '{f}' not found; looked at: " +
                string.Join(", ", report.Routines.First(r => r.File == f).Tried) +
                " (use --source-path DIR[:DIR] and --trim-path PREFIX).");

    private static string ValueOrDot(ListReport report, long value) => value == 0 ? "." : report.FormatValue(value);
}

using Heapwise.Analysis;

namespace Heapwise.Cli.Rendering;

/// <summary>
/// Writes a <see cref="TracesReport"/> in the layout of <c>go tool pprof -traces</c>: the header lines,
/// then each sample between separator lines, its labels, then its stack with the value on the first frame.
/// </summary>
internal static class TracesWriter
{
    private const string Separator = "-----------+-------------------------------------------------------";

    /// <summary>Writes the report.</summary>
    public static void Write(TextWriter writer, TracesReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        writer.WriteLine(string.Join('\n', report.Labels));
        foreach (var trace in report.Traces)
        {
            writer.WriteLine(Separator);
            foreach (var label in trace.Labels)
            {
                writer.WriteLine($"{label.Key,10}:  {string.Join(' ', label.Values)}");
            }

            for (int i = 0; i < trace.Frames.Count; i++)
            {
                var frame = trace.Frames[i];
                writer.WriteLine($"{(i == 0 ? trace.ValueText : string.Empty),10}   {frame.Name}{(frame.Inline ? " (inline)" : string.Empty)}");
            }
        }

        writer.WriteLine(Separator);
    }
}

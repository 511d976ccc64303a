using Heapwise.Analysis;

namespace Heapwise.Cli.Rendering;

/// <summary>
/// Writes a <see cref="TagsReport"/> in the layout of <c>go tool pprof -tags</c>: per key a line
/// <c>key: Total 17.9MB</c>, then one line per value with its amount and share, right-aligned in
/// columns as Go's tabwriter aligns them, and an empty line.
/// </summary>
internal static class TagsWriter
{
    /// <summary>Writes the report.</summary>
    public static void Write(TextWriter writer, TagsReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        foreach (var key in report.Keys)
        {
            string heading = key.Key + ":";
            var amounts = key.Values.Select(v => v.TotalText + (v.Share.Length != 0 ? $" ({v.Share})" : string.Empty) + ":").ToList();

            // Columns padded by one, text aligned right (tabwriter with AlignRight and padding 1).
            int first = Math.Max(heading.Length, key.Values.Count > 0 ? 1 : 0) + 1;
            int second = amounts.Count == 0 ? 0 : amounts.Max(a => a.Length) + 1;
            writer.WriteLine($"{heading.PadLeft(first)} Total {key.TotalText}");
            for (int i = 0; i < amounts.Count; i++)
            {
                writer.WriteLine($"{" ".PadLeft(first)}{amounts[i].PadLeft(second)} {key.Values[i].Value}");
            }

            writer.WriteLine();
        }
    }
}

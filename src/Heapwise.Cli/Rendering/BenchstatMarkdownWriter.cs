using Heapwise.Benchstat;

namespace Heapwise.Cli.Rendering;

/// <summary>
/// Writes a benchstat report as Markdown tables (for pull-request comments and job summaries): the
/// same numbers and scaling as the text tables, one table per metric, warnings as a numbered list.
/// </summary>
internal static class BenchstatMarkdownWriter
{
    /// <summary>Writes <paramref name="report"/> to <paramref name="writer"/>.</summary>
    public static void Write(TextWriter writer, BenchstatReport report)
    {
        BenchstatConfigHeaders.Write(
            report,
            header => writer.Write(header == "\n" ? "\n" : $"`{header.TrimEnd('\n')}`  \n"),
            (table, _) => WriteTable(writer, table));
    }

    private static void WriteTable(TextWriter writer, BenchstatTable table)
    {
        var footnotes = new BenchstatFootnotes();
        string Marks(IEnumerable<string> messages) => footnotes.Marks(messages) is { Length: > 0 } marks ? " " + marks : "";

        int columns = table.Columns.Count;
        var header = new List<string> { Escape(table.Unit) };
        var rule = new List<string> { ":--" };
        for (int i = 0; i < columns; i++)
        {
            header.Add(Escape(table.Columns[i]));
            rule.Add("--:");
            if (i > 0)
            {
                header.Add("vs base");
                rule.Add("--:");
            }
        }

        writer.Write($"\n| {string.Join(" | ", header)} |\n|{string.Join('|', rule)}|\n");
        bool binary = BenchmarkUnits.IsBinary(table.Unit);
        foreach (var row in table.Rows)
        {
            var scale = BenchstatUnitScale.Common(row.Cells.Where(c => c is not null).Select(c => c!.Summary.Center), binary);
            var cells = new List<string> { Escape(row.Name) };
            for (int i = 0; i < columns; i++)
            {
                var cell = row.Cells[i];
                cells.Add(cell is null ? "" : $"{scale.Format(cell.Summary.Center)} ± {BenchstatNumberFormat.Range(cell.Summary)}{Marks(cell.Summary.Warnings)}");
                if (i > 0)
                {
                    cells.Add(cell?.Comparison is { } c ? $"{BenchstatNumberFormat.Delta(c)} ({BenchstatNumberFormat.Test(c)}){Marks(c.Warnings)}" : "");
                }
            }

            writer.Write($"| {string.Join(" | ", cells)} |\n");
        }

        if (table.Rows.Count > 1)
        {
            var cells = new List<string> { "geomean" };
            for (int i = 0; i < columns; i++)
            {
                var summary = table.Summaries[i];
                string warnings = Marks(summary.Warnings);
                cells.Add((summary.Geomean is { } g ? BenchstatUnitScale.Scale(g, binary) : "") + (i == 0 ? warnings : ""));
                if (i > 0)
                {
                    cells.Add((summary.Ratio is { } r ? BenchstatNumberFormat.Percent(r - 1) : "?") + warnings);
                }
            }

            writer.Write($"| {string.Join(" | ", cells)} |\n");
        }

        if (footnotes.Messages.Count > 0)
        {
            writer.Write("\n");
            for (int i = 0; i < footnotes.Messages.Count; i++)
            {
                writer.Write($"{BenchstatFootnotes.Superscript(i + 1)} {Escape(footnotes.Messages[i])}  \n");
            }
        }
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}

using Heapwise.Benchstat;

namespace Heapwise.Cli.Rendering;

/// <summary>
/// Writes a benchstat report as benchstat's text tables: configuration lines, then per table a header
/// with the inputs and the unit, a row per benchmark (median ± range, then per later input the change,
/// "~" when not significant, and the test's p and n), a geomean row, and numbered footnotes for warnings.
/// </summary>
internal static class BenchstatTextWriter
{
    private const int LabelColumns = 1;
    private const int CenterColumns = 3; // center, ± range, warnings
    private const int DeltaColumns = 3;  // delta, (p n), warnings

    /// <summary>Writes <paramref name="report"/> to <paramref name="writer"/>.</summary>
    public static void Write(TextWriter writer, BenchstatReport report)
    {
        BenchstatConfigHeaders.Write(report, writer.Write, (table, _) => WriteTable(writer, table));
    }

    private static int StartColumn(int input) =>
        input == 0 ? LabelColumns : LabelColumns + CenterColumns + ((input - 1) * (CenterColumns + DeltaColumns));

    private static void WriteTable(TextWriter writer, BenchstatTable table)
    {
        var grid = new BenchstatTextGrid();
        var footnotes = new BenchstatFootnotes();
        void Warn(params IReadOnlyList<string>[] lists) => grid.Cell(footnotes.Marks(lists.SelectMany(l => l)));

        int columns = table.Columns.Count;
        int rightEdge = StartColumn(columns + 1);
        grid.Row();
        for (int i = 0; i < columns; i++)
        {
            int l = StartColumn(i), r = StartColumn(i + 1);
            grid.Col(l).Span(r - l, table.Columns[i], BenchstatTextGrid.Alignment.Center, " │ ");
        }

        grid.Col(rightEdge).Cell("", leftMargin: " │");

        grid.Row();
        for (int i = 0; i < columns; i++)
        {
            int l = StartColumn(i);
            grid.Col(l);
            grid.Span(CenterColumns, table.Unit, BenchstatTextGrid.Alignment.Center, " │ ");
            if (i > 0)
            {
                grid.Span(DeltaColumns, "vs base", BenchstatTextGrid.Alignment.Left, "  ");
            }

            for (int j = l + 1; j < grid.CurrentColumn; j++)
            {
                grid.SetShrink(j, true);
            }
        }

        grid.Col(rightEdge).Cell("", leftMargin: " │");

        bool binary = BenchmarkUnits.IsBinary(table.Unit);
        foreach (var row in table.Rows)
        {
            grid.Row();
            grid.Cell(row.Name);
            var scale = BenchstatUnitScale.Common(row.Cells.Where(c => c is not null).Select(c => c!.Summary.Center), binary);
            for (int i = 0; i < columns; i++)
            {
                if (row.Cells[i] is not { } cell)
                {
                    continue;
                }

                grid.Col(StartColumn(i));
                grid.Cell(scale.Format(cell.Summary.Center), BenchstatTextGrid.Alignment.Right);
                grid.Cell(BenchstatNumberFormat.Range(cell.Summary), BenchstatTextGrid.Alignment.Right, " ± ");
                Warn(cell.Summary.Warnings);
                if (i > 0 && cell.Comparison is { } comparison)
                {
                    grid.Cell(BenchstatNumberFormat.Delta(comparison), BenchstatTextGrid.Alignment.Right);
                    grid.Cell("(" + BenchstatNumberFormat.Test(comparison) + ")");
                    Warn(comparison.Warnings);
                }
            }
        }

        if (table.Rows.Count > 1)
        {
            grid.Row();
            grid.Cell("geomean");
            for (int i = 0; i < columns; i++)
            {
                var summary = table.Summaries[i];
                if (summary.Geomean is { } geomean)
                {
                    grid.Col(StartColumn(i));
                    grid.Cell(BenchstatUnitScale.Scale(geomean, binary), BenchstatTextGrid.Alignment.Right);
                }

                if (i > 0)
                {
                    grid.Col(StartColumn(i) + CenterColumns);
                    grid.Cell(summary.Ratio is { } ratio ? BenchstatNumberFormat.Percent(ratio - 1) : "?", summary.Ratio is null ? BenchstatTextGrid.Alignment.Left : BenchstatTextGrid.Alignment.Right);
                }

                grid.Col(StartColumn(i + 1) - 1);
                Warn(summary.Warnings);
            }
        }

        grid.Write(writer);
        for (int i = 0; i < footnotes.Messages.Count; i++)
        {
            writer.Write($"{BenchstatFootnotes.Superscript(i + 1)} {footnotes.Messages[i]}\n");
        }
    }
}

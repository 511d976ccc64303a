using System.Text;
using Heapwise.Benchstat;

namespace Heapwise.Cli.Rendering;

/// <summary>
/// Writes a benchstat report as benchstat's CSV (<c>-format csv</c>): full-precision centers, ranges,
/// deltas and tests in columns, warnings to <c>warnings</c> as "CELL: message" lines (spreadsheet
/// cell names such as D12), since CSV has no room for footnotes.
/// </summary>
internal static class BenchstatCsvWriter
{
    private const int LabelColumns = 1;
    private const int CenterColumns = 2; // center, CI
    private const int DeltaColumns = 2;  // delta, P

    /// <summary>Writes <paramref name="report"/> to <paramref name="output"/> and its warnings to <paramref name="warnings"/>.</summary>
    public static void Write(TextWriter output, TextWriter warnings, BenchstatReport report)
    {
        int rowNumber = 1;
        BenchstatConfigHeaders.Write(
            report,
            header =>
            {
                WriteRecord(output, [header.TrimEnd('\n')]);
                rowNumber++;
            },
            (table, _) => rowNumber += WriteTable(output, warnings, table, rowNumber));
    }

    private static int StartColumn(int input) =>
        input == 0 ? LabelColumns : LabelColumns + CenterColumns + ((input - 1) * (CenterColumns + DeltaColumns));

    private static int WriteTable(TextWriter output, TextWriter warnings, BenchstatTable table, int startRow)
    {
        var row = new List<string>();
        int rowCount = 0;
        void ClearTo(int column)
        {
            while (row.Count < column)
            {
                row.Add("");
            }
        }

        void Emit()
        {
            WriteRecord(output, row);
            row.Clear();
            rowCount++;
        }

        void Warn(IReadOnlyList<string> messages)
        {
            foreach (string message in messages)
            {
                warnings.Write($"{ColumnName(row.Count)}{startRow + rowCount}: {message}\n");
            }
        }

        int columns = table.Columns.Count;
        for (int i = 0; i < columns; i++)
        {
            ClearTo(StartColumn(i));
            row.Add(table.Columns[i]);
        }

        ClearTo(StartColumn(columns));
        Emit();

        for (int i = 0; i < columns; i++)
        {
            ClearTo(StartColumn(i));
            row.Add(table.Unit);
            row.Add("CI");
            if (i > 0)
            {
                row.Add("vs base");
                row.Add("P");
            }
        }

        Emit();

        foreach (var benchmark in table.Rows)
        {
            row.Add(benchmark.Name);
            for (int i = 0; i < columns; i++)
            {
                if (benchmark.Cells[i] is not { } cell)
                {
                    continue;
                }

                ClearTo(StartColumn(i));
                Warn(cell.Summary.Warnings);
                row.Add(BenchstatNumberFormat.Shortest(cell.Summary.Center));
                row.Add(BenchstatNumberFormat.Range(cell.Summary));
                if (i > 0 && cell.Comparison is { } comparison)
                {
                    Warn(comparison.Warnings);
                    row.Add(BenchstatNumberFormat.Delta(comparison));
                    row.Add(BenchstatNumberFormat.Test(comparison));
                }
            }

            Emit();
        }

        row.Add("geomean");
        for (int i = 0; i < columns; i++)
        {
            var summary = table.Summaries[i];
            ClearTo(StartColumn(i));
            Warn(summary.Warnings);
            if (summary.Geomean is { } geomean)
            {
                row.Add(BenchstatNumberFormat.Shortest(geomean));
            }

            if (i > 0)
            {
                ClearTo(StartColumn(i) + CenterColumns);
                row.Add(summary.Ratio is { } ratio ? BenchstatNumberFormat.Percent(ratio - 1) : "?");
            }
        }

        ClearTo(StartColumn(columns));
        Emit();
        return rowCount;
    }

    // The spreadsheet name of a 0-based column as benchstat computes it (A for 0, then 'A' + x % 26 per digit).
    private static string ColumnName(int column)
    {
        var name = new StringBuilder();
        for (int x = column; x > 0; x /= 26)
        {
            name.Insert(0, (char)('A' + (x % 26)));
        }

        return name.Length == 0 ? "A" : name.ToString();
    }

    // Go's encoding/csv: quote fields holding a comma, quote, CR or LF, or starting with a space.
    private static void WriteRecord(TextWriter output, List<string> fields)
    {
        var line = new StringBuilder();
        for (int i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            string field = fields[i];
            bool quote = field.Length > 0 && (field == "\\." || field.AsSpan().IndexOfAny(",\"\r\n") >= 0 || field[0] == ' ' || field[0] == '\t');
            line.Append(quote ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field);
        }

        output.Write(line.Append('\n').ToString());
    }
}

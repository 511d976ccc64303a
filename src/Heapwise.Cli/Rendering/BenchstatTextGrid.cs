using System.Text;

namespace Heapwise.Cli.Rendering;

/// <summary>
/// A text table with spanning cells, per-cell left margins and alignment: the layout engine of
/// benchstat's text output (golang.org/x/perf cmd/benchstat/internal/texttab), ported so our tables
/// line up as benchstat's do. Cells are placed at a row and column; column widths grow to fit cells,
/// spanning cells widen the non-shrinkable columns they cover.
/// </summary>
internal sealed class BenchstatTextGrid
{
    private readonly List<GridCell> _cells = [];
    private readonly List<bool> _shrink = [];
    private int _columns;
    private int _row;
    private int _column;

    /// <summary>The column the next cell goes to.</summary>
    public int CurrentColumn => _column;

    /// <summary>Starts a new row (the first call keeps row 0).</summary>
    public BenchstatTextGrid Row()
    {
        if (_cells.Count > 0)
        {
            _row++;
        }

        _column = 0;
        return this;
    }

    /// <summary>Moves to <paramref name="column"/> of the current row (never backwards).</summary>
    public BenchstatTextGrid Col(int column)
    {
        if (column < _column)
        {
            throw new InvalidOperationException($"Cannot move from column {_column} back to {column}.");
        }

        _column = column;
        return this;
    }

    /// <summary>Adds a one-column cell.</summary>
    public BenchstatTextGrid Cell(string value, Alignment alignment = Alignment.Left, string? leftMargin = null) =>
        Span(1, value, alignment, leftMargin);

    /// <summary>Adds a cell spanning <paramref name="span"/> columns; the default left margin is one space except in column 0 or for an empty value.</summary>
    public BenchstatTextGrid Span(int span, string value, Alignment alignment = Alignment.Left, string? leftMargin = null)
    {
        string margin = leftMargin ?? (_column == 0 || value.Length == 0 ? "" : " ");
        _cells.Add(new GridCell(_row, _column, span, value, margin, alignment));
        _column += span;
        _columns = Math.Max(_columns, _column);
        return this;
    }

    /// <summary>Marks a column as one that spanning cells should not widen.</summary>
    public void SetShrink(int column, bool shrink)
    {
        while (_shrink.Count < column + 1)
        {
            _shrink.Add(false);
        }

        _shrink[column] = shrink;
    }

    /// <summary>Writes the table.</summary>
    public void Write(TextWriter writer)
    {
        bool Shrink(int col) => col < _shrink.Count && _shrink[col];

        int[] margins = new int[_columns];
        foreach (var cell in _cells)
        {
            margins[cell.Column] = Math.Max(Width(cell.LeftMargin), margins[cell.Column]);
        }

        // Single-column cells first, then spanning cells by span (stable, in insertion order).
        int[] widths = new int[_columns];
        foreach (var cell in _cells.OrderBy(c => c.Span))
        {
            int w = Width(cell.Value) + margins[cell.Column];
            if (cell.Span == 1)
            {
                widths[cell.Column] = Math.Max(widths[cell.Column], w);
                continue;
            }

            int total = 0;
            for (int col = cell.Column; col < cell.Column + cell.Span; col++)
            {
                total += widths[col];
            }

            if (total >= w)
            {
                continue;
            }

            var spanColumns = new List<int>();
            for (int col = cell.Column; col < cell.Column + cell.Span; col++)
            {
                if (Shrink(col))
                {
                    w -= widths[col];
                }
                else
                {
                    spanColumns.Add(col);
                }
            }

            // Widest first: spread what is missing evenly, rounding up.
            spanColumns = [.. spanColumns.OrderByDescending(col => widths[col])];
            int left = spanColumns.Count;
            foreach (int col in spanColumns)
            {
                int average = (w + left - 1) / left;
                widths[col] = Math.Max(widths[col], average);
                w -= widths[col];
                left--;
            }
        }

        int[] offsets = new int[_columns + 1];
        for (int i = 0, off = 0; i < widths.Length; i++)
        {
            offsets[i] = off;
            off += widths[i];
            offsets[i + 1] = off;
        }

        var line = new StringBuilder();
        int row = 0, position = 0;
        foreach (var cell in _cells.OrderBy(c => c.Row).ThenBy(c => c.Column))
        {
            if (cell.Value.Trim().Length == 0 && cell.LeftMargin.Trim().Length == 0)
            {
                continue;
            }

            while (cell.Row > row)
            {
                writer.Write(line.Append('\n').ToString());
                line.Clear();
                row++;
                position = 0;
            }

            // Go's %*s pads to the absolute width when it is negative; kept so overflowing cells shift alike.
            int spaces = offsets[cell.Column] - position;
            line.Append(' ', Math.Abs(spaces)).Append(' ', margins[cell.Column] - Width(cell.LeftMargin)).Append(cell.LeftMargin);
            position += spaces + margins[cell.Column];
            int width = offsets[cell.Column + cell.Span] - offsets[cell.Column] - margins[cell.Column];
            string padded = Pad(cell.Value, width, cell.Alignment);
            line.Append(padded);
            position += Width(padded);
        }

        if (_cells.Count > 0)
        {
            writer.Write(line.Append('\n').ToString());
        }
    }

    private static string Pad(string value, int width, Alignment alignment) => alignment switch
    {
        Alignment.Center => new string(' ', Math.Abs((width - Width(value)) / 2)) + value,
        Alignment.Right => new string(' ', Math.Max(width - Width(value), 0)) + value,
        _ => value,
    };

    // Go counts runes; these tables hold no characters outside the Basic Multilingual Plane.
    private static int Width(string text) => text.Length;

    /// <summary>How a cell's value sits in its width.</summary>
    internal enum Alignment
    {
        /// <summary>Flush left (no padding after it).</summary>
        Left,

        /// <summary>Centered, the odd space on the right.</summary>
        Center,

        /// <summary>Flush right.</summary>
        Right,
    }

    private sealed record GridCell(int Row, int Column, int Span, string Value, string LeftMargin, Alignment Alignment);
}

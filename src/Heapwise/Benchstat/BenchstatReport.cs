namespace Heapwise.Benchstat;

/// <summary>The result of comparing benchmark inputs: tables of summaries and comparisons, ready to render.</summary>
/// <param name="Tables">One table per file configuration and metric, in the order they first appear.</param>
/// <param name="Options">The options the report was computed with.</param>
public sealed record BenchstatReport(IReadOnlyList<BenchstatTable> Tables, BenchstatOptions Options)
{
    /// <summary>
    /// The metrics that got significantly worse (past "~") by more than <paramref name="thresholdFraction"/>
    /// (0.05 = 5%): larger for costs (time, bytes, allocations, collections), smaller for throughputs.
    /// </summary>
    public IReadOnlyList<BenchstatRegression> FindRegressions(double thresholdFraction)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(thresholdFraction);
        var regressions = new List<BenchstatRegression>();
        foreach (var table in Tables)
        {
            foreach (var row in table.Rows)
            {
                for (int column = 1; column < row.Cells.Count; column++)
                {
                    if (row.Cells[column]?.Comparison is not { } comparison)
                    {
                        continue;
                    }

                    double? change = comparison.Change;
                    if (change is null && comparison.IsSignificant && comparison.Baseline.Center == 0 && comparison.Current.Center != 0)
                    {
                        // From zero to something (benchstat's "?"): an infinite relative change, e.g. a benchmark that
                        // started allocating (worse), or a throughput that started (better).
                        change = Math.Sign(comparison.Current.Center) * double.PositiveInfinity;
                    }

                    if (change is not { } c)
                    {
                        continue;
                    }

                    bool worse = table.HigherIsBetter ? -c > thresholdFraction : c > thresholdFraction;
                    if (worse)
                    {
                        regressions.Add(new BenchstatRegression(row.Name, table.Unit, table.Columns[column], c));
                    }
                }
            }
        }

        return regressions;
    }
}

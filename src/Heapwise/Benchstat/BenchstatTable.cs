namespace Heapwise.Benchstat;

/// <summary>One table of a benchstat report: one metric (unit) under one file configuration, a row per benchmark, a column per input.</summary>
/// <param name="Config">The configuration lines ("goos: linux") shared by the table's results, in order.</param>
/// <param name="Unit">The metric's unit, such as sec/op, B/op, allocs/op or gen0/1k-op.</param>
/// <param name="IsExact">True when the metric is compared exactly (one deterministic value per benchmark).</param>
/// <param name="Columns">The input labels, baseline first.</param>
/// <param name="Rows">The benchmarks, in the order they first appear.</param>
/// <param name="Summaries">One geomean summary per column; shown when there is more than one row.</param>
public sealed record BenchstatTable(
    IReadOnlyList<KeyValuePair<string, string>> Config,
    string Unit,
    bool IsExact,
    IReadOnlyList<string> Columns,
    IReadOnlyList<BenchstatRow> Rows,
    IReadOnlyList<BenchstatColumnSummary> Summaries)
{
    /// <summary>True when higher is better for this unit (throughputs: units per second).</summary>
    public bool HigherIsBetter => Unit.EndsWith("/s", StringComparison.Ordinal);
}

namespace Heapwise.Benchstat;

/// <summary>A table column's geomean row: the geometric mean of the centers and, past the baseline, of the ratios to it.</summary>
/// <param name="Geomean">The geometric mean of the column's centers; null when a center is not positive.</param>
/// <param name="Ratio">The geometric mean of the center ratios to the baseline; null in the baseline column or when a ratio is undefined.</param>
/// <param name="Warnings">Warnings in benchstat's words, such as "benchmark set differs from baseline; geomeans may not be comparable".</param>
public sealed record BenchstatColumnSummary(double? Geomean, double? Ratio, IReadOnlyList<string> Warnings);

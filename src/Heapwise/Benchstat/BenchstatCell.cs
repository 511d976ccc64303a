namespace Heapwise.Benchstat;

/// <summary>One benchmark's metric in one input: its summary and, past the first input, its comparison with the first.</summary>
/// <param name="Summary">The median (or exact value) with its range.</param>
/// <param name="Comparison">The comparison with the baseline input; null in the baseline column or where the baseline lacks the benchmark.</param>
public sealed record BenchstatCell(SampleSummary Summary, SampleComparison? Comparison);

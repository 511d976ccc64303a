namespace Heapwise.Benchstat;

/// <summary>A metric that got significantly worse by more than the allowed threshold.</summary>
/// <param name="Benchmark">The benchmark's full name.</param>
/// <param name="Unit">The metric's unit.</param>
/// <param name="Column">The input in which it got worse (compared with the first input).</param>
/// <param name="Change">The change of the median as a fraction (0.12 = 12% more time; −0.12 = 12% less throughput).</param>
public sealed record BenchstatRegression(string Benchmark, string Unit, string Column, double Change);

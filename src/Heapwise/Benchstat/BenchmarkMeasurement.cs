namespace Heapwise.Benchstat;

/// <summary>One measured value of one benchmark, as one "value unit" pair of a Go benchmark line or one BenchmarkDotNet iteration.</summary>
/// <param name="Name">The benchmark's name without the "Benchmark" prefix (Go) or Type.Method/Param=value (BenchmarkDotNet).</param>
/// <param name="Unit">The unit after benchstat's tidying: ns/op becomes sec/op and MB/s becomes B/s.</param>
/// <param name="Value">The value in <paramref name="Unit"/>.</param>
/// <param name="Config">The file configuration in effect ("key: value" lines before it), in order.</param>
public sealed record BenchmarkMeasurement(string Name, string Unit, double Value, IReadOnlyList<KeyValuePair<string, string>> Config);

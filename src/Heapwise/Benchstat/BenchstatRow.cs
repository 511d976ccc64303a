namespace Heapwise.Benchstat;

/// <summary>One benchmark in a table: a cell per input, null where that input lacks the benchmark.</summary>
/// <param name="Name">The benchmark's full name (Go: without "Benchmark", with the -GOMAXPROCS suffix).</param>
/// <param name="Cells">One cell per column of the table, in input order.</param>
public sealed record BenchstatRow(string Name, IReadOnlyList<BenchstatCell?> Cells);

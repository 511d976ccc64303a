using BenchmarkDotNet.Running;
using Heapwise.Benchmarks;

// `dotnet run -c Release --project bench/Heapwise.Benchmarks -- --filter '*'`; see bench/README.md.
BenchmarkSwitcher.FromAssembly(typeof(PprofCodecBenchmarks).Assembly).Run(args);

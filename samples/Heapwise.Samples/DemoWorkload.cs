namespace Heapwise.Samples;

/// <summary>
/// A program with a memory pattern worth profiling, runnable in-process.
/// </summary>
/// <param name="Name">Short kebab-case name, used on the command line and in file names (<c>demo-&lt;name&gt;.pb.gz</c>).</param>
/// <param name="Description">One sentence saying what the workload does and what its profile shows.</param>
/// <param name="Run">Runs the workload once, as first written (the naive variant).</param>
/// <param name="Optimized">
/// Runs the same work with the same result, written to allocate less; <see langword="null"/> when the
/// workload exists to show one pattern only.
/// </param>
public sealed record DemoWorkload(string Name, string Description, Action Run, Action? Optimized);

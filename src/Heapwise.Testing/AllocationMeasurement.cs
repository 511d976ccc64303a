namespace Heapwise.Testing;

/// <summary>
/// What an operation allocated, measured by <see cref="AllocationMeter"/>: exact bytes, over one or more runs.
/// </summary>
/// <param name="TotalBytes">
/// Bytes allocated by all measured runs together (warm-up runs excluded). Exact: the runtime's per-thread
/// allocation counters, not an estimate.
/// </param>
/// <param name="Runs">How many runs were measured.</param>
public sealed record AllocationMeasurement(long TotalBytes, int Runs)
{
    /// <summary>
    /// Bytes per run, the counterpart of Go's <c>testing.AllocsPerRun</c> (which counts objects; .NET counts
    /// bytes exactly and objects only by sampling). A fraction when runs allocate different amounts.
    /// </summary>
    public double BytesPerRun => Runs == 0 ? 0 : (double)TotalBytes / Runs;

    /// <summary>
    /// Bytes per run rounded down, as Go's <c>AllocsPerRun</c> divides: what the per-run assertions compare, so that
    /// something allocated once over many runs does not fail an exact per-run bound (seen once, on a heavily loaded
    /// machine: 752 bytes more than the code's own over 1,000 runs on the calling thread; where they came from was
    /// not found).
    /// </summary>
    public long WholeBytesPerRun => Runs == 0 ? 0 : TotalBytes / Runs;
}

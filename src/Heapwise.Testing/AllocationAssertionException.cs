namespace Heapwise.Testing;

/// <summary>
/// An operation allocated more than an <see cref="AllocationAssert"/> allowed. The message gives the exact bytes and,
/// unless turned off, the top allocation sites (type, function, file:line) found with the profiler.
/// </summary>
public sealed class AllocationAssertionException : HeapwiseAssertionException
{
    internal AllocationAssertionException(string message, AllocationMeasurement measurement, long limitPerRun, AllocationExplanation? explanation)
        : base(message)
    {
        Measurement = measurement;
        LimitPerRun = limitPerRun;
        Explanation = explanation;
    }

    /// <summary>What the operation allocated (exact).</summary>
    public AllocationMeasurement Measurement { get; }

    /// <summary>The most the assertion allowed per run, in bytes.</summary>
    public long LimitPerRun { get; }

    /// <summary>Where the allocations came from, or <see langword="null"/> when <see cref="AllocationAssertOptions.ExplainFailures"/> was off.</summary>
    public AllocationExplanation? Explanation { get; }
}

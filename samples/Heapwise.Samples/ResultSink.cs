namespace Heapwise.Samples;

/// <summary>
/// Receives each workload run's checksum. Writing the result somewhere the JIT must treat as observable
/// keeps it from eliminating the work (and the allocations) that produced it.
/// </summary>
public static class ResultSink
{
    private static ulong _last;

    /// <summary>Checksum of the most recent run on any thread.</summary>
    public static ulong Last => Volatile.Read(ref _last);

    /// <summary>Records <paramref name="checksum"/> as the most recent result.</summary>
    public static void Consume(ulong checksum) => Volatile.Write(ref _last, checksum);
}

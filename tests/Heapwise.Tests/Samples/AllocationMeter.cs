using System.Globalization;

namespace Heapwise.Tests.Samples;

/// <summary>Counts the bytes a piece of work allocates on the current thread.</summary>
internal static class AllocationMeter
{
    /// <summary>
    /// Runs <paramref name="work"/> once to warm up (JIT, type initializers, pools), then again, and
    /// returns the bytes the second run allocated and its result. Per-thread counting ignores tests
    /// running in parallel on other threads.
    /// </summary>
    public static (long Bytes, T Result) Measure<T>(Func<T> work)
    {
        work();
        long before = GC.GetAllocatedBytesForCurrentThread();
        T result = work();
        long after = GC.GetAllocatedBytesForCurrentThread();
        return (after - before, result);
    }

    public static string Megabytes(long bytes) => (bytes / 1e6).ToString("F2", CultureInfo.InvariantCulture) + " MB";
}

using System.Runtime.CompilerServices;
using System.Text;

namespace Heapwise.TestTarget;

/// <summary>
/// Four allocation sites of very different object sizes, each allocating about the same number of bytes,
/// nothing kept alive. Each site runs on the main thread and its exact bytes are measured with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/>, so the tests compare estimates to what was really allocated.
/// </summary>
internal static class AccuracyWorkload
{
    public const int MidArrayLength = 1000;
    public const int StringLength = 100;
    public const int LargeArrayLength = 100_000;

    public static AccuracyReport Run(int megabytesPerSite)
    {
        long budget = megabytesPerSite * 1024L * 1024L;
        var report = new AccuracyReport();
        report.Add(nameof(AllocateTinyObjects), Measure(budget / 24, AllocateTinyObjects));
        report.Add(nameof(AllocateMidArrays), Measure(budget / 1024, AllocateMidArrays));
        report.Add(nameof(AllocateStrings), Measure(budget / 224, AllocateStrings));
        report.Add(nameof(AllocateLargeArrays), Measure(budget / 100_024, AllocateLargeArrays));
        return report;
    }

    private static (long Count, long Bytes) Measure(long count, Action<long> site)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        site(count);
        long after = GC.GetAllocatedBytesForCurrentThread();
        return (count, after - before);
    }

    /// <summary>24-byte objects: header, method table, one int field padded.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AllocateTinyObjects(long count)
    {
        for (long i = 0; i < count; i++)
        {
            Sink.Keep(new Tiny(i));
        }
    }

    /// <summary>1,024-byte arrays: 24-byte header and length, then 1,000 bytes.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AllocateMidArrays(long count)
    {
        for (long i = 0; i < count; i++)
        {
            Sink.Keep(new byte[MidArrayLength]);
        }
    }

    /// <summary>224-byte strings: 22 bytes of header, length and terminator, 200 bytes of chars, padded to 8.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AllocateStrings(long count)
    {
        for (long i = 0; i < count; i++)
        {
            Sink.Keep(new string('x', StringLength));
        }
    }

    /// <summary>100,024-byte arrays: above the 85,000-byte threshold, so on the large object heap.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AllocateLargeArrays(long count)
    {
        for (long i = 0; i < count; i++)
        {
            Sink.Keep(new byte[LargeArrayLength]);
        }
    }

    private sealed class Tiny(long value)
    {
        public int Value { get; } = (int)value;
    }
}

/// <summary>What each site allocated: written as <c>site count bytes</c> lines for the tests to read.</summary>
internal sealed class AccuracyReport
{
    private readonly StringBuilder _lines = new();

    public void Add(string site, (long Count, long Bytes) measured) =>
        _lines.Append(site).Append(' ').Append(measured.Count).Append(' ').Append(measured.Bytes).Append('\n');

    public void WriteTo(string path) => File.WriteAllText(path, _lines.ToString());
}

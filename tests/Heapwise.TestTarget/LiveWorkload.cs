using System.Globalization;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Text;

namespace Heapwise.TestTarget;

/// <summary>
/// Allocation sites with exactly known fates, interleaved so that the dead lie between the survivors and compaction
/// has to move them: <see cref="KeepAll"/> keeps every array it allocates, <see cref="KeepNone"/> none,
/// <see cref="KeepThird"/> one in three, <see cref="KeepHalfLarge"/> every other large (LOH) array. With the default
/// 160 MB, KeepAll and KeepThird keep 160 MB each and KeepHalfLarge about 85 MB, about 1 GB is allocated in all. Then blocking
/// GCs of each generation, sweeping and compacting, the last one compacting the large object heap too, and a report
/// of what each site keeps (<c>site kept-objects kept-bytes</c>), object sizes measured, not assumed, and the index
/// of the last background GC (<c>LastBackgroundGc 0 index</c>).
/// </summary>
internal static class LiveWorkload
{
    /// <summary>32,768-byte arrays on the small object heap.</summary>
    public const int SmallArrayLength = 32_744;

    /// <summary>200,024-byte arrays on the large object heap.</summary>
    public const int LargeArrayLength = 200_000;

    private static readonly List<byte[]> s_keptAll = [];
    private static readonly List<byte[]> s_keptThird = [];
    private static readonly List<byte[]> s_keptLarge = [];

    public static int Run(string reportPath, int megabytes, bool backgroundGcs)
    {
        if (!backgroundGcs)
        {
            // Without background GCs every collection is blocking: the test of compaction is then about compaction alone.
            GCSettings.LatencyMode = GCLatencyMode.Batch;
        }

        long smallSize = SizeOf(() => new byte[SmallArrayLength]);
        long largeSize = SizeOf(() => new byte[LargeArrayLength]);
        long rounds = megabytes * 1024L * 1024L / smallSize;
        for (long i = 0; i < rounds; i++)
        {
            // KeepThird allocates three times as much, so what it keeps weighs as much as KeepAll's.
            KeepAll();
            KeepThird(keep: true);
            KeepNone();
            KeepThird(keep: false);
            KeepThird(keep: false);
            if (i % 6 == 0)
            {
                KeepHalfLarge(keep: i % 12 == 0);
            }
        }

        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        GC.Collect(1, GCCollectionMode.Forced, blocking: true, compacting: false);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

        var report = new StringBuilder();
        Add(report, nameof(KeepAll), s_keptAll.Count, smallSize);
        Add(report, nameof(KeepNone), 0, smallSize);
        Add(report, nameof(KeepThird), s_keptThird.Count, smallSize);
        Add(report, nameof(KeepHalfLarge), s_keptLarge.Count, largeSize);
        // The index of the last background GC (0 if none ran), so a test with background GCs can tell that some did.
        report.Append(CultureInfo.InvariantCulture, $"LastBackgroundGc 0 {GC.GetGCMemoryInfo(GCKind.Background).Index}\n");
        File.WriteAllText(reportPath, report.ToString());
        GC.KeepAlive(s_keptAll);
        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void KeepAll() => s_keptAll.Add(new byte[SmallArrayLength]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void KeepNone() => Sink.Keep(new byte[SmallArrayLength]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void KeepThird(bool keep)
    {
        var array = new byte[SmallArrayLength];
        if (keep)
        {
            s_keptThird.Add(array);
        }
        else
        {
            Sink.Keep(array);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void KeepHalfLarge(bool keep)
    {
        var array = new byte[LargeArrayLength];
        if (keep)
        {
            s_keptLarge.Add(array);
        }
        else
        {
            Sink.Keep(array);
        }
    }

    private static long SizeOf(Func<byte[]> allocate)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        Sink.Keep(allocate());
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static void Add(StringBuilder report, string site, long kept, long size) =>
        report.Append(CultureInfo.InvariantCulture, $"{site} {kept} {kept * size}\n");
}

using System.Runtime.CompilerServices;

namespace Heapwise.Samples;

/// <summary>
/// Builds 1,500 integer series of 1,000–20,000 values each, keyed by id in a dictionary (about 64 MB
/// kept). The naive variant appends each series to a <see cref="List{T}"/> that grows from empty and
/// copies it out with <c>ToArray</c>, and lets the dictionary grow too; the optimized one allocates each
/// array at its final length and sizes the dictionary up front, so it allocates only what it keeps.
/// </summary>
public static class IntArraysWorkload
{
    private const int Seed = 11;
    private const int SeriesCount = 1_500;
    private const int MinLength = 1_000;
    private const int MaxLength = 20_000;

    /// <summary>Builds the series with growing lists; returns a checksum of the dictionary.</summary>
    public static ulong BuildWithGrowingLists()
    {
        var random = new Random(Seed);
        var series = new Dictionary<int, int[]>();
        for (int id = 0; id < SeriesCount; id++)
        {
            series[id] = CollectSeries(id, random.Next(MinLength, MaxLength + 1));
        }

        return ChecksumOf(series);
    }

    /// <summary>Builds the same series at their final sizes; returns the same checksum as <see cref="BuildWithGrowingLists"/>.</summary>
    public static ulong BuildPresized()
    {
        var random = new Random(Seed);
        var series = new Dictionary<int, int[]>(SeriesCount);
        for (int id = 0; id < SeriesCount; id++)
        {
            series[id] = FillSeries(id, random.Next(MinLength, MaxLength + 1));
        }

        return ChecksumOf(series);
    }

    // NoInlining on the allocation sites: inlined frames vanish from sampled stacks, and the profile's
    // top table should name these methods, not their callers.
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static int[] CollectSeries(int id, int length)
    {
        var values = new List<int>();
        for (int i = 0; i < length; i++)
        {
            values.Add(ValueAt(id, i));
        }

        return values.ToArray();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static int[] FillSeries(int id, int length)
    {
        int[] values = new int[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = ValueAt(id, i);
        }

        return values;
    }

    private static int ValueAt(int id, int index) => (id * 31) + (index * index % 1_000);

    private static ulong ChecksumOf(Dictionary<int, int[]> series)
    {
        ulong sum = (ulong)series.Count;
        foreach (var (id, values) in series)
        {
            ulong hash = (ulong)id;
            foreach (int v in values)
            {
                hash = Checksum.Mix(hash, (ulong)v);
            }

            sum += hash;
        }

        return sum;
    }
}

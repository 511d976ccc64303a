namespace Heapwise.Heap;

/// <summary>Count and shallow bytes per type, without the dominator tree (what a diff needs).</summary>
internal static class HeapTypeTotals
{
    /// <summary>One entry per type with live objects.</summary>
    public static IEnumerable<(string Name, long Count, long Bytes)> Compute(HeapSnapshot snapshot)
    {
        var counts = new long[snapshot.TypeCount];
        var bytes = new long[snapshot.TypeCount];
        for (int v = 0; v < snapshot.ObjectCount; v++)
        {
            counts[snapshot.Types[v]]++;
            bytes[snapshot.Types[v]] += snapshot.Sizes[v];
        }

        for (int t = 0; t < counts.Length; t++)
        {
            if (counts[t] > 0)
            {
                yield return (snapshot.TypeName(t), counts[t], bytes[t]);
            }
        }
    }
}

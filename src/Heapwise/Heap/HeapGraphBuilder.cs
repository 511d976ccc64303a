using System.Globalization;
using Heapwise.Collection;

namespace Heapwise.Heap;

/// <summary>
/// Turns what a <see cref="HeapEventCollector"/> gathered into a <see cref="HeapSnapshot"/>: references and roots
/// from addresses to object numbers (by binary search in the sorted addresses: no dictionary per object),
/// generations from the reported ranges, and the consistency checks that decide whether the graph is complete.
/// </summary>
internal static class HeapGraphBuilder
{
    /// <summary>Builds the snapshot; <paramref name="problems"/> collects why it is incomplete.</summary>
    public static HeapSnapshot Build(HeapEventCollector collected, HeapSnapshotInfo info, List<string> problems)
    {
        // Each list is copied and released before the next: at ten million objects each is 40-130 MB.
        ulong[] addresses = TakeArray(collected.Addresses);
        long[] sizes = TakeArray(collected.Sizes);
        int[] types = TakeArray(collected.Types);

        int count = addresses.Length;
        var index = new AddressIndex(addresses, sizes);
        if (index.Duplicates > 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{index.Duplicates:N0} objects were reported twice"));
        }

        // References: one row per object, in walk order; the counts must add up to the references received.
        var edgeStarts = new int[count + 1];
        long expected = 0;
        for (int i = 0; i < count; i++)
        {
            edgeStarts[i] = checked((int)expected);
            expected += collected.ReferenceCounts[i];
        }

        long received = collected.ReferenceTargets.Count;
        if (expected != received)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"the objects announce {expected:N0} references but {received:N0} arrived"));
        }

        int edgeCount = (int)Math.Min(expected, received);
        for (int i = 0; i < count; i++)
        {
            edgeStarts[i] = Math.Min(edgeStarts[i], edgeCount);
        }

        edgeStarts[count] = edgeCount;
        collected.ReferenceCounts.Clear();
        collected.ReferenceCounts.TrimExcess();

        // References to memory outside the walked heap (frozen string literals, for instance) are not objects of
        // the graph: they are dropped and the rows compacted in place.
        var targets = new int[edgeCount];
        int kept = 0;
        int oldStart = edgeStarts[0];
        for (int i = 0; i < count; i++)
        {
            int oldEnd = edgeStarts[i + 1];
            edgeStarts[i] = kept;
            for (int e = oldStart; e < oldEnd; e++)
            {
                int target = index.Find(collected.ReferenceTargets[e]);
                if (target >= 0)
                {
                    targets[kept++] = target;
                }
            }

            oldStart = oldEnd;
        }

        edgeStarts[count] = kept;
        collected.ReferenceTargets.Clear();
        collected.ReferenceTargets.TrimExcess();
        if (kept < targets.Length)
        {
            Array.Resize(ref targets, kept);
        }

        string[] typeNames = new string[collected.TypeNames.Count];
        for (int t = 0; t < typeNames.Length; t++)
        {
            typeNames[t] = collected.TypeNames[t] is { Length: > 0 } name ? TypeNameFormatter.Format(name) : "(unnamed type)";
        }

        var rootTargets = new List<int>(collected.RootAddresses.Count);
        var rootKinds = new List<HeapRootKind>(collected.RootAddresses.Count);
        var rootNames = new List<string>(collected.RootAddresses.Count);
        for (int r = 0; r < collected.RootAddresses.Count; r++)
        {
            int target = index.Find(collected.RootAddresses[r]);
            if (target < 0)
            {
                continue;
            }

            rootTargets.Add(target);
            rootKinds.Add(collected.RootKinds[r]);
            // The event's type id is the type of the object held, not the declaring type: only the field name is kept.
            rootNames.Add(collected.RootFields[r].Field ?? string.Empty);
        }

        byte[] generations = Generations(addresses, collected.GenerationRanges);
        problems.AddRange(collected.Problems);
        return new HeapSnapshot(info with { Problems = [.. problems] }, addresses, sizes, types, generations, edgeStarts, targets, typeNames,
            [.. rootTargets], [.. rootKinds], [.. rootNames]);
    }

    private static T[] TakeArray<T>(List<T> list)
    {
        T[] array = [.. list];
        list.Clear();
        list.TrimExcess();
        return array;
    }

    private static byte[] Generations(ulong[] addresses, List<(ulong Start, ulong End, int Generation)> ranges)
    {
        var generations = new byte[addresses.Length];
        var sorted = ranges.Where(r => r.End > r.Start).OrderBy(r => r.Start).ToArray();
        ulong[] starts = [.. sorted.Select(r => r.Start)];
        for (int i = 0; i < addresses.Length; i++)
        {
            int at = Array.BinarySearch(starts, addresses[i]);
            at = at >= 0 ? at : ~at - 1;
            generations[i] = at >= 0 && addresses[i] < sorted[at].End ? (byte)sorted[at].Generation : HeapSnapshot.UnknownGeneration;
        }

        return generations;
    }
}

using Heapwise.Heap;
using Heapwise.Tests.Collection;
using Heapwise.Tests.Heap;
using Heapwise.TestTarget;

namespace Heapwise.Tests.Waste;

/// <summary>
/// The collection kinds and struct arrays beyond the first set, found in a real dump of the <c>waste</c> target,
/// whose contents are known exactly (x64 layouts: 16 bytes of object header, 24 of array header).
/// </summary>
[Collection(EventPipeTests.Name)]
public sealed class WasteKindsTests(WasteTarget target) : IClassFixture<WasteTarget>
{
    private const int Items = WasteWorkload.ListCount;

    [Theory]
    [InlineData("System.Collections.Concurrent.ConcurrentDictionary<System.Int32, System.Int32>", WasteWorkload.ConcurrentBuckets, 8)] // one node reference per bucket
    [InlineData("System.Collections.Generic.PriorityQueue<System.Int32, System.Int32>", WasteWorkload.SmallCapacity, 8)] // (int, int) tuples
    [InlineData("System.Collections.ArrayList", WasteWorkload.SmallCapacity, 8)] // object references
    [InlineData("System.Collections.Generic.SortedList<System.Int32, System.Int32>", WasteWorkload.SmallCapacity, 8)] // a key and a value
    [InlineData("Heapwise.TestTarget.WasteWorkload+SparseHashtable", WasteWorkload.ConcurrentBuckets, 24)] // derived from Hashtable; buckets of key, value, hash
    public void Over_sized_collections_of_other_kinds_waste_their_unused_slots(string type, int capacity, int slotBytes)
    {
        var row = Assert.Single(target.Waste.Collections, r => r.Type == type);
        Assert.Equal(1, row.Objects);
        Assert.Equal(Items, row.Count);
        Assert.Equal(capacity, row.Capacity);
        Assert.Equal((capacity - Items) * (long)slotBytes, row.WastedBytes);
    }

    [Theory]
    // ConcurrentDictionary (40) + its tables (56) + 3 buckets (48) + an object[1] of locks (32) + an int[1] of counts (32).
    [InlineData("System.Collections.Concurrent.ConcurrentDictionary<System.Int64, System.Int64>", WasteWorkload.EmptyConcurrent, 208)]
    // SortedDictionary (40: three references) + the TreeSet it owns (48: three references, two ints).
    [InlineData("System.Collections.Generic.SortedDictionary<System.Int32, System.String>", WasteWorkload.EmptySortedDictionaries, 88)]
    [InlineData("System.Collections.Generic.SortedSet<System.Int32>", WasteWorkload.EmptySortedSets, 48)]
    [InlineData("System.Collections.Generic.LinkedList<System.Int32>", WasteWorkload.EmptyLinkedLists, 40)] // two references, two ints
    public void Empty_collections_of_other_kinds_cost_what_they_own(string type, int objects, int bytesEach)
    {
        var row = Assert.Single(target.Waste.EmptyCollections, r => r.Type == type);
        Assert.Equal(objects, row.Objects);
        Assert.Equal(objects * (long)bytesEach, row.Bytes);
    }

    [Fact]
    public void A_node_collection_with_items_is_neither_empty_nor_over_sized()
    {
        const string Type = "System.Collections.Generic.SortedSet<System.Int64>";
        Assert.DoesNotContain(target.Waste.Collections, r => r.Type == Type);
        Assert.DoesNotContain(target.Waste.EmptyCollections, r => r.Type == Type);

        // SortedDictionary's TreeSet is counted with its dictionary, never as a set of its own.
        Assert.DoesNotContain(target.Waste.EmptyCollections, r => r.Type.StartsWith("System.Collections.Generic.TreeSet<", StringComparison.Ordinal));
    }

    [Fact]
    public void The_runtimes_own_wrappers_derived_from_a_collection_are_not_taken_for_empty_ones()
    {
        // Hashtable.Synchronized's and ArrayList.Synchronized's wrappers derive from the collection but keep the items in
        // the one they wrap: their own inherited counts are always 0.
        Assert.DoesNotContain(target.Waste.EmptyCollections, r => r.Type == "System.Collections.Hashtable+SyncHashtable");
        Assert.DoesNotContain(target.Waste.EmptyCollections, r => r.Type == "System.Collections.ArrayList+SyncArrayList");
    }

    [Fact]
    public void A_struct_array_left_default_is_all_zero_references_included()
    {
        var row = Assert.Single(target.Waste.ZeroArrays, r => r.Type == "Heapwise.TestTarget.WasteWorkload+ZeroStruct[]");
        Assert.Equal(WasteWorkload.StructArrayLength, row.Length);
        Assert.Equal(WasteWorkload.StructArrayLength * 24L, row.ZeroBytes);
        Assert.Equal((WasteWorkload.StructArrayLength * 24L) + 24, row.Bytes);
    }

    [Fact]
    public void A_struct_array_with_a_few_elements_set_counts_the_rest_and_a_dense_one_is_not_waste()
    {
        const string Type = "System.Collections.Generic.KeyValuePair<System.Int64, System.Int64>[]";
        var row = Assert.Single(target.Waste.ZeroArrays, r => r.Type == Type && r.Length == WasteWorkload.PairArrayLength);

        // Each element is 16 bytes; the ones set to (-1, -1) have no zero byte. The dense array (i + 1, -1) is 37.5% zero.
        Assert.Equal((WasteWorkload.PairArrayLength - WasteWorkload.PairsSet) * 16L, row.ZeroBytes);
        Assert.Equal((WasteWorkload.PairArrayLength * 16L) + 24, row.Bytes);
    }

    [Fact]
    public void Slot_arrays_of_counted_collections_are_not_counted_again_as_zero_arrays()
    {
        // The ConcurrentDictionary's buckets (structs holding a reference), the PriorityQueue's tuples and both arrays of
        // the SortedList are zero beyond their 10 items: those bytes are the collections' unused slots.
        // The Hashtable's buckets (structs of two references and an int) have the same length as the dictionary's.
        Assert.DoesNotContain(target.Waste.ZeroArrays, r => r.Length == WasteWorkload.ConcurrentBuckets);
        Assert.DoesNotContain(target.Waste.ZeroArrays, r => r.Length == WasteWorkload.SmallCapacity);
    }

    [Fact]
    public void No_known_collection_was_skipped_for_an_unknown_layout()
    {
        Assert.DoesNotContain(target.Waste.Notes, n => n.Contains("were skipped: the type has no field", StringComparison.Ordinal));
    }
}

using Heapwise.Heap;
using Heapwise.Tests.Collection;
using Heapwise.TestTarget;

namespace Heapwise.Tests.Heap;

/// <summary>Waste found in a real dump of the test target, whose waste is known exactly.</summary>
[Collection(EventPipeTests.Name)]
public sealed class HeapWasteTests(WasteTarget target) : IClassFixture<WasteTarget>
{
    // x64 layouts: arrays have a 16-byte header and an 8-byte length; strings 20 bytes plus 2 per character and a
    // terminating zero, rounded up to 8.
    private const long IntSlot = 4;

    private static long StringBytes(int length) => (20 + (2L * (length + 1)) + 7) / 8 * 8;

    [Fact]
    public void A_list_with_capacity_far_above_its_count_wastes_its_unused_slots()
    {
        var row = Assert.Single(target.Waste.Collections, r => r.Type == "System.Collections.Generic.List<System.Int32>");
        Assert.Equal(1, row.Objects);
        Assert.Equal(WasteWorkload.ListCount, row.Count);
        Assert.Equal(WasteWorkload.ListCapacity, row.Capacity);
        Assert.Equal((WasteWorkload.ListCapacity - WasteWorkload.ListCount) * IntSlot, row.WastedBytes);
    }

    [Fact]
    public void Empty_dictionaries_cost_their_objects()
    {
        var row = Assert.Single(target.Waste.EmptyCollections, r => r.Type == "System.Collections.Generic.Dictionary<System.Int32, System.Int32>");
        Assert.Equal(WasteWorkload.EmptyDictionaries, row.Objects);

        // A Dictionary with nothing added has no buckets: each costs its own 80 bytes (16 of header, 5 references, a
        // ulong and 4 ints on x64).
        Assert.Equal(WasteWorkload.EmptyDictionaries * 80L, row.Bytes);
    }

    [Fact]
    public void Copies_of_one_string_cost_all_but_one()
    {
        var row = Assert.Single(target.Waste.DuplicateStrings, r => r.Preview == "\"" + WasteWorkload.StringContent + "\"");
        Assert.Equal(WasteWorkload.StringLength, row.Length);
        Assert.Equal(WasteWorkload.StringCopies, row.Copies);
        Assert.Equal(StringBytes(WasteWorkload.StringLength), row.BytesEach);
        Assert.Equal((WasteWorkload.StringCopies - 1) * StringBytes(WasteWorkload.StringLength), row.WastedBytes);
    }

    [Fact]
    public void An_all_zero_array_is_waste_and_a_random_one_is_not()
    {
        var row = Assert.Single(target.Waste.ZeroArrays, r => r.Length == WasteWorkload.ZeroArrayLength);
        Assert.Equal("System.Byte[]", row.Type);
        Assert.Equal(WasteWorkload.ZeroArrayLength, row.ZeroBytes);
        Assert.Equal(WasteWorkload.ZeroArrayLength + 24, row.Bytes);
        Assert.DoesNotContain(target.Waste.ZeroArrays, r => r.Length == WasteWorkload.RandomArrayLength);

        // The list's slot array is zero beyond its 10 items, but those bytes are counted once, as the list's unused slots.
        Assert.DoesNotContain(target.Waste.ZeroArrays, r => r.Length == WasteWorkload.ListCapacity);
    }

    [Fact]
    public void Totals_cover_the_rows_and_the_dump_cost_is_reported_and_the_dump_deleted()
    {
        var waste = target.Waste;
        Assert.True(waste.CollectionBytes >= waste.Collections.Sum(r => r.WastedBytes));
        Assert.True(waste.DuplicateStringBytes >= waste.DuplicateStrings.Sum(r => r.WastedBytes));
        Assert.True(waste.ZeroArrayBytes >= waste.ZeroArrays.Sum(r => r.ZeroBytes));
        Assert.Equal(waste.CollectionBytes + waste.EmptyCollectionBytes + waste.DuplicateStringBytes + waste.ZeroArrayBytes, waste.TotalBytes);
        Assert.True(waste.Dump.DumpBytes > waste.HeapBytes, "the dump holds the heap");
        Assert.True(waste.Dump.WriteTime > TimeSpan.Zero);
        Assert.True(waste.ObjectCount > WasteWorkload.StringCopies);
        Assert.Empty(Directory.GetFileSystemEntries(target.DumpFolder.Path));
        Assert.Contains(target.Progress, m => m.StartsWith("writing a heap dump of process", StringComparison.Ordinal));
    }

    [Fact]
    public void Dead_objects_in_the_dump_are_left_out()
    {
        // The workload made this garbage after its last GC: the dump holds it, no root reaches it.
        Assert.DoesNotContain(target.Waste.Collections, r => r.Type == "System.Collections.Generic.List<System.Int64>");
        Assert.DoesNotContain(target.Waste.DuplicateStrings, r => r.Preview.Contains("dead-string:", StringComparison.Ordinal));
        Assert.Contains(target.Waste.Notes, n => n.Contains("reached from no root (dead since the last GC) and were left out", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("plain", 60, "\"plain\"")]
    [InlineData("a\"b\\c\n\t\0", 60, "\"a\\\"b\\\\c\\n\\t\\u0000\"")]
    [InlineData("abcdef", 3, "\"abc\"…")]
    public void Previews_are_escaped_and_cut(string content, int length, string expected)
    {
        Assert.Equal(expected, WasteAnalyzer.Preview(content, length));
    }
}

using System.Text;
using Heapwise.Heap;

namespace Heapwise.Tests.Heap;

/// <summary>The waste section of snapshot files: round trip, old files without it, corrupt sections.</summary>
public sealed class HeapWasteFileTests
{
    internal static HeapWaste SampleWaste() => new()
    {
        Dump = new HeapDumpCost(84_000_000, TimeSpan.FromMilliseconds(1500), TimeSpan.FromMilliseconds(700)),
        Options = WasteOptions.Default with { RowCount = 7 },
        ObjectCount = 9000,
        HeapBytes = 3_000_000,
        Collections = [new WasteCollectionRow("System.Collections.Generic.List<System.Int32>", 1, 10, 100_000, 399_960)],
        CollectionBytes = 400_000,
        EmptyCollections = [new WasteEmptyRow("System.Collections.Generic.Dictionary<System.Int32, System.Int32>", 50, 4000)],
        EmptyCollectionBytes = 4500,
        DuplicateStrings = [new WasteStringRow("\"waste\\n\"…", 40, 1000, 104, 103_896)],
        DuplicateStringBytes = 180_000,
        ZeroArrays = [new WasteArrayRow("System.Byte[]", 1_000_000, 1_000_024, 1_000_000)],
        ZeroArrayBytes = 1_012_000,
        Notes = ["3 objects of X were skipped: the type has no field _size"],
    };

    [Fact]
    public void A_snapshot_with_waste_is_written_as_version_2_and_reads_back_equal()
    {
        var snapshot = HeapBadInputTests.SmallSnapshot().WithWaste(SampleWaste());
        using var file = new MemoryStream();
        HeapSnapshotFile.Write(snapshot, file);
        Assert.Equal(2, BitConverter.ToInt32(HeapBadInputTests.Decompress(file.ToArray()), 8));

        var read = HeapSnapshotFile.Read(new MemoryStream(file.ToArray()), "round trip");
        var waste = Assert.IsType<HeapWaste>(read.Waste);
        var expected = SampleWaste();
        Assert.Equal(expected.Dump, waste.Dump);
        Assert.Equal(expected.Options, waste.Options);
        Assert.Equal(expected.Collections, waste.Collections);
        Assert.Equal(expected.EmptyCollections, waste.EmptyCollections);
        Assert.Equal(expected.DuplicateStrings, waste.DuplicateStrings);
        Assert.Equal(expected.ZeroArrays, waste.ZeroArrays);
        Assert.Equal(expected.Notes, waste.Notes);
        Assert.Equal(expected.TotalBytes, waste.TotalBytes);
        Assert.Equal(snapshot.ObjectCount, read.ObjectCount);
    }

    [Fact]
    public void A_snapshot_without_waste_stays_version_1_which_still_reads()
    {
        // Version 1 is what Heapwise wrote before the waste section existed: the same bytes.
        using var file = new MemoryStream();
        HeapSnapshotFile.Write(HeapBadInputTests.SmallSnapshot(), file);
        byte[] body = HeapBadInputTests.Decompress(file.ToArray());
        Assert.Equal(1, BitConverter.ToInt32(body, 8));
        Assert.Equal("END.", Encoding.ASCII.GetString(body[^4..]));

        var read = HeapSnapshotFile.Read(new MemoryStream(file.ToArray()), "old");
        Assert.Null(read.Waste);
        Assert.Equal(4, read.ObjectCount);
    }

    [Fact]
    public void The_committed_version_1_fixture_still_reads()
    {
        // Written by Heapwise at 7276f3e, before the waste section (tests/Heapwise.Tests/Fixtures/heap/v1.hwheap).
        var read = HeapSnapshotFile.Read(Path.Combine(AppContext.BaseDirectory, "Fixtures", "heap", "v1.hwheap"));
        Assert.Null(read.Waste);
        Assert.Equal(4, read.ObjectCount);
        Assert.Equal(1128, read.TotalBytes);
    }

    [Fact]
    public void Sections_of_unknown_tags_are_skipped()
    {
        byte[] body = Body(HeapBadInputTests.SmallSnapshot().WithWaste(SampleWaste()));

        // Insert a section a newer Heapwise might write before the waste section.
        int at = IndexOf(body, "WAST"u8.ToArray());
        byte[] extra = [.. "NEW!"u8.ToArray(), .. BitConverter.GetBytes(3L), 1, 2, 3];
        byte[] withExtra = [.. body[..at], .. extra, .. body[at..]];
        var read = HeapSnapshotFile.Read(new MemoryStream(HeapBadInputTests.Compress(withExtra)), "newer");
        Assert.NotNull(read.Waste);
    }

    [Fact]
    public void A_corrupt_waste_section_is_a_format_error()
    {
        byte[] body = Body(HeapBadInputTests.SmallSnapshot().WithWaste(SampleWaste()));
        int at = IndexOf(body, "WAST"u8.ToArray());

        // The first value of the section (the dump's size) made negative.
        byte[] corrupt = (byte[])body.Clone();
        BitConverter.GetBytes(-5L).CopyTo(corrupt, at + 12);
        var error = Assert.Throws<HeapSnapshotFormatException>(() => HeapSnapshotFile.Read(new MemoryStream(HeapBadInputTests.Compress(corrupt)), "bad"));
        Assert.Contains("waste section has the negative value -5", error.Message, StringComparison.Ordinal);

        // The section's length made longer than the file.
        corrupt = (byte[])body.Clone();
        BitConverter.GetBytes(1L << 30).CopyTo(corrupt, at + 4);
        Assert.Throws<HeapSnapshotFormatException>(() => HeapSnapshotFile.Read(new MemoryStream(HeapBadInputTests.Compress(corrupt)), "bad"));
    }

    [Fact]
    public void Thousands_of_mutated_waste_sections_only_ever_raise_the_format_exception()
    {
        byte[] body = Body(HeapBadInputTests.SmallSnapshot().WithWaste(SampleWaste()));
        int at = IndexOf(body, "WAST"u8.ToArray());
        var random = new Random(4242);
        for (int i = 0; i < 3000; i++)
        {
            byte[] mutated = (byte[])body.Clone();
            for (int c = random.Next(1, 4); c > 0; c--)
            {
                mutated[random.Next(at, mutated.Length)] = (byte)random.Next(256);
            }

            try
            {
                _ = HeapSnapshotFile.Read(new MemoryStream(HeapBadInputTests.Compress(mutated)), "mutated");
            }
            catch (HeapSnapshotFormatException)
            {
            }
        }
    }

    private static byte[] Body(HeapSnapshot snapshot)
    {
        using var file = new MemoryStream();
        HeapSnapshotFile.Write(snapshot, file);
        return HeapBadInputTests.Decompress(file.ToArray());
    }

    private static int IndexOf(byte[] data, byte[] part) => data.AsSpan().LastIndexOf(part);
}

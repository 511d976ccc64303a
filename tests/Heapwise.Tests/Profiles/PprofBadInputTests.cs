using System.IO.Compression;
using Heapwise.Profiles;

using Heapwise.Tests.Infrastructure;

namespace Heapwise.Tests.Profiles;

public sealed class PprofBadInputTests
{
    private static byte[] ValidGzip()
    {
        using var stream = new MemoryStream();
        PprofWriter.Write(RandomProfiles.Create(21), stream);
        return stream.ToArray();
    }

    private static PprofFormatException Rejected(byte[] data, PprofReadOptions? options = null) =>
        Assert.Throws<PprofFormatException>(() => PprofReader.Parse(data, options));

    [Fact]
    public void Empty_data_is_rejected_as_empty() =>
        Assert.Contains("empty", Rejected([]).Message, StringComparison.Ordinal);

    [Fact]
    public void Text_is_rejected_as_not_a_profile() =>
        Assert.Contains("not a pprof profile", Rejected("hello, this is not a profile\n"u8.ToArray()).Message, StringComparison.Ordinal);

    [Fact]
    public void Bytes_that_break_the_wire_format_are_rejected_with_their_offset() =>
        Assert.Contains("malformed profile.proto data near byte", Rejected([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 1]).Message, StringComparison.Ordinal);

    [Fact]
    public void Truncated_gzip_is_rejected()
    {
        byte[] valid = ValidGzip();
        Rejected(valid[..(valid.Length / 2)]);
    }

    [Fact]
    public void Gzip_with_a_corrupt_body_is_rejected()
    {
        byte[] data = ValidGzip();
        for (int i = 12; i < data.Length - 8; i += 3)
        {
            data[i] ^= 0x5a;
        }

        Rejected(data);
    }

    [Fact]
    public void A_gzip_bomb_stops_at_the_decompression_limit()
    {
        // A well-formed start (one 16 MiB string-table entry of zeros) so the decoder keeps reading
        // until the limit stops it, as a crafted bomb would.
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var header = new Google.Protobuf.CodedOutputStream(gzip, leaveOpen: true);
            header.WriteTag(6, Google.Protobuf.WireFormat.WireType.LengthDelimited);
            header.WriteLength(16 << 20);
            header.Flush();
            gzip.Write(new byte[16 << 20]);
        }

        var options = new PprofReadOptions { MaxDecompressedBytes = 1 << 20 };
        Assert.Contains("gzip bomb", Rejected(output.ToArray(), options).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_input_is_rejected_before_decompressing()
    {
        var options = new PprofReadOptions { MaxCompressedBytes = 100 };
        var e = Assert.Throws<PprofFormatException>(() => PprofReader.Read(new MemoryStream(ValidGzip()), options));
        Assert.Contains("larger than the limit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_named_in_the_error()
    {
        var e = Assert.Throws<HeapwiseException>(() => PprofReader.ReadFile("/nonexistent/heapwise/p.pb.gz"));
        Assert.Equal("cannot open '/nonexistent/heapwise/p.pb.gz': file not found.", e.Message);
    }

    [Fact]
    public void A_directory_is_not_a_profile()
    {
        using var dir = new TemporaryDirectory();
        Assert.Throws<HeapwiseException>(() => PprofReader.ReadFile(dir.Path));
    }

    [Fact]
    public void A_bad_file_error_names_the_file()
    {
        using var dir = new TemporaryDirectory();
        string path = Path.Combine(dir.Path, "garbage.pb.gz");
        File.WriteAllBytes(path, [0x1f, 0x8b, 1, 2, 3]);
        var e = Assert.Throws<PprofFormatException>(() => PprofReader.ReadFile(path));
        Assert.StartsWith($"'{path}' is not a valid pprof profile", e.Message, StringComparison.Ordinal);
    }
}

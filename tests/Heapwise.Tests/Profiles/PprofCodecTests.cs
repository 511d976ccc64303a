using System.IO.Compression;
using CsCheck;
using Google.Protobuf;
using Heapwise.Profiles;

using Heapwise.Tests.Infrastructure;

namespace Heapwise.Tests.Profiles;

public sealed class PprofCodecTests
{
    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Written(Profile p)
    {
        using var stream = new MemoryStream();
        PprofWriter.Write(p, stream);
        return stream.ToArray();
    }

    [Fact]
    public void Any_valid_profile_survives_write_then_read_unchanged()
    {
        Gen.Int.Sample(seed =>
        {
            Profile original = RandomProfiles.Create(seed);
            Profile back = PprofReader.Parse(Written(original));
            Assert.Equal(original, back);
        }, iter: 500);
    }

    [Fact]
    public void Uncompressed_profiles_are_read_too()
    {
        Profile original = RandomProfiles.Create(7);
        Assert.Equal(original, PprofReader.Parse(original.ToByteArray()));
    }

    [Fact]
    public void Fields_unknown_to_Heapwise_are_kept_on_a_round_trip()
    {
        Profile original = RandomProfiles.Create(11);
        // Field 99 (varint) on the profile and field 50 (bytes) inside one function: fields a newer
        // profile.proto might define. A faithful round trip writes them back.
        using var extra = new MemoryStream();
        var output = new CodedOutputStream(extra);
        output.WriteTag(99, WireFormat.WireType.Varint);
        output.WriteInt64(424242);
        output.Flush();
        byte[] bytes = [.. original.ToByteArray(), .. extra.ToArray()];

        Profile read = PprofReader.Parse(bytes);
        byte[] rewritten = PprofReader.Parse(Written(read)).ToByteArray();

        Assert.EndsWith(Convert.ToHexString(extra.ToArray()), Convert.ToHexString(rewritten), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("heap.pb.gz", "alloc_objects,alloc_space,inuse_objects,inuse_space")]
    [InlineData("cpu.pb.gz", "samples,cpu")]
    public void Profiles_written_by_Go_are_read_and_round_trip(string file, string sampleTypes)
    {
        Profile p = PprofReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "Fixtures", "go", file));

        Assert.Equal(sampleTypes, string.Join(',', p.SampleType.Select(t => p.StringTable[(int)t.Type])));
        Assert.NotEmpty(p.Sample);
        Assert.Contains(p.Function, f => p.StringTable[(int)f.Name].StartsWith("main.", StringComparison.Ordinal));
        Assert.Equal(p, PprofReader.Parse(Written(p)));
    }

    [Fact]
    public void Written_files_replace_the_target_whole_and_leave_no_temporary_file()
    {
        using var dir = new TemporaryDirectory();
        string path = Path.Combine(dir.Path, "p.pb.gz");
        File.WriteAllText(path, "old");

        PprofWriter.WriteFile(RandomProfiles.Create(3), path);

        Assert.Equal(RandomProfiles.Create(3), PprofReader.ReadFile(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Writing_into_a_missing_folder_says_so_and_leaves_nothing()
    {
        using var dir = new TemporaryDirectory();
        var e = Assert.Throws<HeapwiseException>(() =>
            PprofWriter.WriteFile(RandomProfiles.Create(3), Path.Combine(dir.Path, "missing", "p.pb.gz")));
        Assert.Contains("folder does not exist", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void An_inconsistent_profile_is_not_written()
    {
        using var dir = new TemporaryDirectory();
        Profile bad = RandomProfiles.Create(5);
        bad.Sample.Add(new Sample { LocationId = { 0xdead_beef_0000UL } });
        string path = Path.Combine(dir.Path, "bad.pb.gz");

        Assert.Throws<PprofFormatException>(() => PprofWriter.WriteFile(bad, path));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Thousands_of_mutated_files_only_ever_raise_PprofFormatException()
    {
        var rejected = 0;
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            byte[] valid = RandomProfiles.Create(seed).ToByteArray();
            byte[] mutated = Mutate(random, random.Next(4) == 0 ? Gzip(valid) : valid);
            try
            {
                PprofReader.Parse(mutated);
            }
            catch (PprofFormatException)
            {
                Interlocked.Increment(ref rejected);
            }
        }, iter: 5000);

        // Many mutations still decode (protobuf is forgiving); a good share must be caught.
        Assert.True(rejected > 500, $"only {rejected} of 5000 mutated files were rejected");
    }

    internal static byte[] Mutate(Random random, byte[] data)
    {
        var bytes = new List<byte>(data);
        for (int n = random.Next(1, 6); n > 0 && bytes.Count > 0; n--)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes[at] = (byte)random.Next(256); break;
                case 2: bytes.Insert(at, (byte)random.Next(256)); break;
                case 3: bytes.RemoveAt(at); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }

        return [.. bytes];
    }
}

using Heapwise.Runtime;
using Heapwise.Tests.Infrastructure;

namespace Heapwise.Tests.Monitoring;

public sealed class CaptureDirectoryTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_rule_captures_again_only_after_its_cooldown()
    {
        var captures = new CaptureDirectory(_folder.Path, cooldown: TimeSpan.FromMinutes(5));

        string? first = captures.TryReserve("leak", ".allocs.pb.gz", Noon);
        string? tooSoon = captures.TryReserve("leak", ".allocs.pb.gz", Noon.AddMinutes(4));
        string? otherRule = captures.TryReserve("heap-size", ".allocs.pb.gz", Noon.AddMinutes(4));
        string? later = captures.TryReserve("leak", ".allocs.pb.gz", Noon.AddMinutes(5));

        Assert.Equal(Path.Combine(_folder.Path, "20261123-120000-leak.allocs.pb.gz"), first);
        Assert.Null(tooSoon);
        Assert.NotNull(otherRule);
        Assert.Equal(Path.Combine(_folder.Path, "20261123-120500-leak.allocs.pb.gz"), later);
    }

    [Fact]
    public void Trim_removes_the_oldest_files_beyond_the_count_and_byte_limits()
    {
        var captures = new CaptureDirectory(_folder.Path, maxFiles: 3, maxBytes: 2500);
        for (int i = 0; i < 5; i++)
        {
            string path = Path.Combine(_folder.Path, $"capture-{i}.pb.gz");
            File.WriteAllBytes(path, new byte[1000]);
            File.SetLastWriteTimeUtc(path, Noon.UtcDateTime.AddMinutes(i));
        }

        captures.Trim();

        // Three files would be 3000 bytes, over 2500: the two newest stay.
        Assert.Equal(["capture-3.pb.gz", "capture-4.pb.gz"], Directory.GetFiles(_folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_folder_that_cannot_be_created_is_one_clear_error()
    {
        string file = Path.Combine(_folder.Path, "a-file");
        File.WriteAllText(file, "x");

        var e = Assert.Throws<HeapwiseException>(() => new CaptureDirectory(Path.Combine(file, "captures")));

        Assert.StartsWith($"cannot use '{Path.Combine(file, "captures")}' for captures:", e.Message, StringComparison.Ordinal);
    }
}

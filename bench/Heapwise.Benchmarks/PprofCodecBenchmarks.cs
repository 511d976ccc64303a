using System.Globalization;
using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using Heapwise.Bench.ProfileGenerator;
using Heapwise.Profiles;

namespace Heapwise.Benchmarks;

/// <summary>
/// Reading and writing the synthetic benchmark profile (the one bench/compare-top.sh uses): the cost
/// every report pays before it computes anything. <c>Decode</c> is the generated protobuf parser alone,
/// the reference the reader's own work (gzip, validation) is measured against.
/// </summary>
// Not sealed: BenchmarkDotNet generates a class deriving from it.
[MemoryDiagnoser]
public class PprofCodecBenchmarks
{
    private byte[] _compressed = [];
    private byte[] _uncompressed = [];
    private Profile _profile = new();

    /// <summary>Samples in the profile; <c>HEAPWISE_BENCH_SAMPLES</c> (comma-separated) overrides the default 1,000,000.</summary>
    [ParamsSource(nameof(SampleCounts))]
    public int Samples { get; set; }

    /// <summary>Values for <see cref="Samples"/>; the environment variable lets smoke runs stay small.</summary>
    public static IEnumerable<int> SampleCounts =>
        (Environment.GetEnvironmentVariable("HEAPWISE_BENCH_SAMPLES") ?? "1000000")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture));

    /// <summary>Generates the profile in memory, compressed and not, as the file on disk would hold it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _profile = SyntheticProfile.Generate(new GeneratorOptions { Samples = Samples });
        using var compressed = new MemoryStream();
        PprofWriter.Write(_profile, compressed);
        _compressed = compressed.ToArray();
        using var gzip = new GZipStream(new MemoryStream(_compressed), CompressionMode.Decompress);
        using var uncompressed = new MemoryStream();
        gzip.CopyTo(uncompressed);
        _uncompressed = uncompressed.ToArray();
    }

    /// <summary>What <c>heapwise top FILE</c> does first: decompress, decode, validate.</summary>
    [Benchmark(Baseline = true)]
    public Profile Read() => PprofReader.Parse(_compressed);

    /// <summary>The generated protobuf parser on the decompressed bytes, without validation.</summary>
    [Benchmark]
    public Profile Decode() => Profile.Parser.ParseFrom(_uncompressed);

    /// <summary>What <c>heapwise run</c> does last: validate, encode, compress (to a sink, not a disk).</summary>
    [Benchmark]
    public void Write() => PprofWriter.Write(_profile, Stream.Null);
}

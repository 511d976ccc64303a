namespace Heapwise.Profiles;

/// <summary>Limits that protect a reader from files that are too large or decompress without end.</summary>
public sealed record PprofReadOptions
{
    /// <summary>The defaults: files up to 1 GiB on disk that decompress to at most 2 GiB.</summary>
    public static PprofReadOptions Default { get; } = new();

    /// <summary>Largest accepted file or stream, before decompression. Default 1 GiB.</summary>
    public long MaxCompressedBytes { get; init; } = 1L << 30;

    /// <summary>
    /// Largest accepted profile after decompression. Default 2 GiB − 1, the most a protobuf message can be;
    /// lower it where a gzip bomb would hurt (e.g. profiles uploaded by others).
    /// </summary>
    public long MaxDecompressedBytes { get; init; } = int.MaxValue;

    /// <summary>
    /// Merge samples while reading and keep them in a compact table instead of one <see cref="Sample"/> message
    /// each, so memory grows with the number of distinct stacks, not of samples: about 4 bytes a frame instead of
    /// about 800 bytes a sample. Samples with the same locations and labels become one (values added) and
    /// all-zero samples go, as every report merges them anyway. Heapwise's reports read the table directly;
    /// <see cref="Profile.Sample"/> stays empty until <see cref="ProfileSamples.Expand"/>. Unknown fields inside
    /// samples are not kept. Default false.
    /// </summary>
    public bool CompactSamples { get; init; }
}

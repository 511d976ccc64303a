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
}

using System.IO.Compression;
using Google.Protobuf;

namespace Heapwise.Profiles;

/// <summary>
/// Reads pprof profiles: gzip-compressed (as written by Go and Heapwise) or plain profile.proto bytes.
/// Every profile returned has passed <see cref="ProfileValidator.Validate"/>; fields Heapwise does
/// not know are kept, so writing the profile back loses nothing.
/// </summary>
public static class PprofReader
{
    private const byte GzipMagic1 = 0x1f;
    private const byte GzipMagic2 = 0x8b;

    /// <summary>Reads the profile stored in the file at <paramref name="path"/>.</summary>
    /// <exception cref="HeapwiseException">The file does not exist or cannot be read.</exception>
    /// <exception cref="PprofFormatException">The file does not hold a valid pprof profile.</exception>
    public static Profile ReadFile(string path, PprofReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new HeapwiseException($"cannot open '{path}': file not found.", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new HeapwiseException($"cannot open '{path}': permission denied, or it is a directory.", e);
        }
        catch (IOException e)
        {
            throw new HeapwiseException($"cannot open '{path}': {e.Message}", e);
        }

        using (stream)
        {
            try
            {
                return Read(stream, options);
            }
            catch (PprofFormatException e)
            {
                throw new PprofFormatException($"'{path}' is not a valid pprof profile: {e.Message}", e);
            }
        }
    }

    /// <summary>Reads a profile from <paramref name="source"/> to its end.</summary>
    /// <exception cref="PprofFormatException">The data is not a valid pprof profile or exceeds the limits.</exception>
    public static Profile Read(Stream source, PprofReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        options ??= PprofReadOptions.Default;
        byte[] raw = ReadAll(source, options.MaxCompressedBytes, "the file is larger than the limit of {0}");
        return Parse(raw, options);
    }

    /// <summary>Parses a profile from bytes, compressed or not.</summary>
    /// <exception cref="PprofFormatException">The data is not a valid pprof profile or exceeds the limits.</exception>
    public static Profile Parse(ReadOnlySpan<byte> data, PprofReadOptions? options = null) =>
        Parse(data.ToArray(), options ?? PprofReadOptions.Default);

    private static Profile Parse(byte[] data, PprofReadOptions options)
    {
        if (data.Length == 0)
        {
            throw new PprofFormatException("it is empty (0 bytes).");
        }

        if (data.Length >= 2 && data[0] == GzipMagic1 && data[1] == GzipMagic2)
        {
            // Decoded straight from the decompressing stream: the decompressed bytes, often twice
            // the size of the file, are never held in memory at once.
            string tooLarge = $"it decompresses to more than the limit of {DescribeLimit(options.MaxDecompressedBytes)} (a gzip bomb?).";
            using var gzip = new GZipStream(new MemoryStream(data, writable: false), CompressionMode.Decompress);
            using var limited = new LimitedReadStream(gzip, options.MaxDecompressedBytes, tooLarge);
            return options.CompactSamples ? DecodeCompact(limited) : Decode(new CodedInputStream(limited));
        }

        return options.CompactSamples ? DecodeCompact(new MemoryStream(data, writable: false)) : Decode(new CodedInputStream(data));
    }

    private static Profile Decode(CodedInputStream input)
    {
        var profile = new Profile();
        try
        {
            profile.MergeFrom(input);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new PprofFormatException($"malformed profile.proto data near byte {input.Position}: {e.Message}", e);
        }
        catch (InvalidDataException e)
        {
            throw new PprofFormatException($"decompressing failed: the gzip data is corrupt ({e.Message}).", e);
        }

        ProfileValidator.Validate(profile);
        return profile;
    }

    private static Profile DecodeCompact(Stream source)
    {
        var profile = CompactProfileDecoder.Decode(source);
        ProfileValidator.Validate(profile);
        return profile;
    }

    private static byte[] ReadAll(Stream stream, long limit, string tooLargeFormat)
    {
        using var buffer = new MemoryStream();
        byte[] chunk = new byte[1 << 16];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new PprofFormatException(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                    tooLargeFormat, DescribeLimit(limit)) + ".");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string DescribeLimit(long bytes) =>
        bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):0.#} GiB"
        : bytes >= 1L << 20 ? $"{bytes / (double)(1L << 20):0.#} MiB"
        : $"{bytes} bytes";
}

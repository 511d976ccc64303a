using System.IO.Compression;
using Google.Protobuf;

namespace Heapwise.Profiles;

/// <summary>
/// Writes pprof profiles gzip-compressed, the form <c>go tool pprof</c>, speedscope and Pyroscope read.
/// Profiles are validated first, and files appear whole or not at all.
/// </summary>
public static class PprofWriter
{
    /// <summary>
    /// Writes <paramref name="profile"/>, gzip-compressed, to <paramref name="destination"/>. A profile read with
    /// <see cref="PprofReadOptions.CompactSamples"/> has its samples expanded first (<see cref="ProfileSamples.Expand"/>).
    /// </summary>
    /// <exception cref="PprofFormatException">The profile is not internally consistent.</exception>
    public static void Write(Profile profile, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(destination);
        ProfileSamples.Expand(profile); // a compact table is not part of the wire format
        ProfileValidator.Validate(profile);
        using var gzip = new GZipStream(destination, CompressionLevel.Fastest, leaveOpen: true);
        profile.WriteTo(gzip);
    }

    /// <summary>
    /// Writes <paramref name="profile"/> to <paramref name="path"/> through a temporary file in the same
    /// folder that is renamed into place, so a failure never leaves a half-written profile behind.
    /// </summary>
    /// <exception cref="HeapwiseException">The file cannot be written (missing folder, no permission, disk full).</exception>
    /// <exception cref="PprofFormatException">The profile is not internally consistent.</exception>
    public static void WriteFile(Profile profile, string path)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(path);
        AtomicFile.Write(path, stream => Write(profile, stream)); // Write validates first
    }
}

using Heapwise.Profiles;

namespace Heapwise.Cli.Commands;

/// <summary>How the commands read profile files given on the command line.</summary>
internal static class ProfileFiles
{
    // Every command reports on profiles or rewrites them merged, so samples are merged as they are read:
    // memory then grows with distinct stacks, not with samples (see PprofReadOptions.CompactSamples).
    private static readonly PprofReadOptions Options = new() { CompactSamples = true };

    /// <summary>Reads the profile in <paramref name="path"/>.</summary>
    /// <exception cref="HeapwiseException">The file is missing or not a valid profile.</exception>
    public static Profile Read(string path) => PprofReader.ReadFile(path, Options);

    /// <summary>Reads every file; the first bad one ends the command with its one-line error.</summary>
    /// <exception cref="HeapwiseException">A file is missing or not a valid profile.</exception>
    public static List<Profile> ReadAll(IEnumerable<string> paths) => [.. paths.Select(Read)];
}

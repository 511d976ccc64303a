using Heapwise.Profiles;

namespace Heapwise.Cli.Commands;

/// <summary>How the commands read the profiles given on the command line: files or URLs.</summary>
internal static class ProfileFiles
{
    // Every command reports on profiles or rewrites them merged, so samples are merged as they are read:
    // memory then grows with distinct stacks, not with samples (see PprofReadOptions.CompactSamples).
    private static readonly PprofReadOptions Options = new() { CompactSamples = true };

    /// <summary>Reads the profile in <paramref name="path"/>, a file or an http(s) URL (<see cref="Parsing.ProfileInput"/>).</summary>
    /// <exception cref="HeapwiseException">The file is missing, the URL failed, or it is not a valid profile.</exception>
    public static Profile Read(string path) => Parsing.ProfileInput.Read(path, Options);

    /// <summary>Reads every file; the first bad one ends the command with its one-line error.</summary>
    /// <exception cref="HeapwiseException">A file is missing or not a valid profile.</exception>
    public static List<Profile> ReadAll(IEnumerable<string> paths) => [.. paths.Select(Read)];
}

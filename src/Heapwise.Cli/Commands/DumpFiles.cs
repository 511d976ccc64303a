namespace Heapwise.Cli.Commands;

/// <summary>Tells core dumps (ELF on Linux, minidumps on Windows, Mach-O on macOS) from Heapwise's gzip snapshot files by their first bytes.</summary>
internal static class DumpFiles
{
    private static readonly byte[][] Magics =
    [
        [0x7f, (byte)'E', (byte)'L', (byte)'F'],
        "MDMP"u8.ToArray(),
        [0xcf, 0xfa, 0xed, 0xfe],
    ];

    /// <summary>Whether <paramref name="path"/> starts like a core dump; <see langword="false"/> when it cannot be read (the snapshot reader then says why).</summary>
    public static bool IsCoreDump(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            byte[] start = new byte[4];
            return file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) == start.Length && Magics.Any(m => start.AsSpan().SequenceEqual(m));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}

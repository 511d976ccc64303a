using System.Numerics;
using System.Runtime.InteropServices;

namespace Heapwise.Samples;

/// <summary>
/// Stable 64-bit checksums, the same in every process: <see cref="string.GetHashCode()"/> is randomized
/// per process, so it cannot be used to compare runs of the console app.
/// </summary>
internal static class Checksum
{
    private const ulong Prime = 0x100000001B3;
    private const ulong Offset = 0xCBF29CE484222325;

    /// <summary>Folds <paramref name="value"/> into <paramref name="hash"/>; order matters.</summary>
    public static ulong Mix(ulong hash, ulong value) => BitOperations.RotateLeft((hash ^ value) * Prime, 29);

    /// <summary>FNV-1a over the characters of <paramref name="text"/>.</summary>
    public static ulong Of(ReadOnlySpan<char> text)
    {
        ulong hash = Offset;
        foreach (char c in text)
        {
            hash = (hash ^ c) * Prime;
        }

        return hash;
    }

    /// <summary>Checksum of <paramref name="data"/>, eight bytes at a time for speed, then the tail.</summary>
    public static ulong Of(ReadOnlySpan<byte> data)
    {
        ulong hash = Offset;
        ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (ulong w in words)
        {
            hash = Mix(hash, w);
        }

        foreach (byte b in data[(words.Length * sizeof(ulong))..])
        {
            hash = Mix(hash, b);
        }

        return hash;
    }
}

using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Heapwise.Samples;

public static partial class AnalysisWorkload
{
    private const int MaxKeyChars = 64;

    // The shortest possible line ("user0000 view 64\n") bounds how many lines a chunk can hold.
    private const int MinLineChars = 17;

    // Same work as AnalyzeNaive without the copies: the log is read through spans, keys are built in a
    // stack buffer and only become strings the first time they are seen, and collections are sized
    // from what is known up front.
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static AnalysisResult AnalyzeOptimized(string log)
    {
        var byKey = new Dictionary<string, RequestStats>(UserCount * Actions.Length, StringComparer.Ordinal);
        var lookup = byKey.GetAlternateLookup<ReadOnlySpan<char>>();
        int[] sizes = new int[(ChunkChars / MinLineChars) + 1];
        long medianSum = 0;
        for (int start = 0; start < log.Length;)
        {
            int end = ChunkEnd(log, start);
            medianSum += AnalyzeChunkOptimized(log.AsSpan(start, end - start), lookup, sizes);
            start = end;
        }

        return new AnalysisResult(byKey, medianSum);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int AnalyzeChunkOptimized(ReadOnlySpan<char> chunk,
        Dictionary<string, RequestStats>.AlternateLookup<ReadOnlySpan<char>> lookup, int[] sizes)
    {
        Span<char> keyBuffer = stackalloc char[MaxKeyChars];
        int count = 0;
        foreach (Range lineRange in chunk.Split('\n'))
        {
            ReadOnlySpan<char> line = chunk[lineRange];
            if (line.IsEmpty)
            {
                continue;
            }

            int firstSpace = line.IndexOf(' ');
            ReadOnlySpan<char> user = line[..firstSpace];
            ReadOnlySpan<char> rest = line[(firstSpace + 1)..];
            int secondSpace = rest.IndexOf(' ');
            ReadOnlySpan<char> action = rest[..secondSpace];
            int bytes = int.Parse(rest[(secondSpace + 1)..], CultureInfo.InvariantCulture);

            ReadOnlySpan<char> key = ComposeKey(user, action, keyBuffer);
            // One hash lookup for read-modify-write; the key string is allocated only when the key is new.
            ref RequestStats stats = ref CollectionsMarshal.GetValueRefOrAddDefault(lookup, key, out _);
            stats = stats.Add(bytes);
            sizes[count++] = bytes;
        }

        Span<int> chunkSizes = sizes.AsSpan(0, count);
        chunkSizes.Sort();
        return chunkSizes[count / 2];
    }

    private static ReadOnlySpan<char> ComposeKey(ReadOnlySpan<char> user, ReadOnlySpan<char> action, Span<char> buffer)
    {
        int length = user.Length + 1 + action.Length;
        if (length > buffer.Length)
        {
            buffer = new char[length]; // never for this log; keeps odd input correct rather than fast
        }

        user.CopyTo(buffer);
        buffer[user.Length] = ':';
        action.CopyTo(buffer[(user.Length + 1)..]);
        return buffer[..length];
    }
}

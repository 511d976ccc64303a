using System.Globalization;
using System.Runtime.CompilerServices;

namespace Heapwise.Samples;

public static partial class AnalysisWorkload
{
    // Written the way such code often first is: every chunk, line and field becomes a new string,
    // collections grow from empty, and the key is concatenated for every line.
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static AnalysisResult AnalyzeNaive(string log)
    {
        var byKey = new Dictionary<string, RequestStats>();
        long medianSum = 0;
        for (int start = 0; start < log.Length;)
        {
            int end = ChunkEnd(log, start);
            string chunk = log.Substring(start, end - start);
            medianSum += AnalyzeChunkNaive(chunk, byKey);
            start = end;
        }

        return new AnalysisResult(byKey, medianSum);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int AnalyzeChunkNaive(string chunk, Dictionary<string, RequestStats> byKey)
    {
        string[] lines = chunk.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var sizes = new List<int>();
        foreach (string line in lines)
        {
            string[] fields = line.Split(' ');
            string key = fields[0] + ":" + fields[1];
            int bytes = int.Parse(fields[2], CultureInfo.InvariantCulture);
            byKey[key] = byKey.TryGetValue(key, out RequestStats stats) ? stats.Add(bytes) : new RequestStats(1, bytes);
            sizes.Add(bytes);
        }

        int[] sorted = sizes.ToArray();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }
}

namespace Heapwise.Samples;

/// <summary>What <see cref="AnalysisWorkload"/> computes: per-key statistics and the sum of chunk medians.</summary>
internal sealed class AnalysisResult(Dictionary<string, RequestStats> byKey, long chunkMedianSum)
{
    public Dictionary<string, RequestStats> ByKey { get; } = byKey;

    public long ChunkMedianSum { get; } = chunkMedianSum;

    public ulong Checksum()
    {
        // Addition is order-independent, so the result does not depend on the dictionary's layout.
        ulong sum = Samples.Checksum.Mix((ulong)ByKey.Count, (ulong)ChunkMedianSum);
        foreach (var (key, stats) in ByKey)
        {
            sum += Samples.Checksum.Mix(Samples.Checksum.Mix(Samples.Checksum.Of(key), (ulong)stats.Count), (ulong)stats.Bytes);
        }

        return sum;
    }
}

namespace Heapwise.Samples.Service;

/// <summary>What the payload cache holds, as the cache endpoints answer it.</summary>
/// <param name="Entries">Payloads kept.</param>
/// <param name="Bytes">Their total size.</param>
/// <param name="MaxBytes">The bound.</param>
/// <param name="Evicted">Payloads dropped since the start, by the bound or by trimming.</param>
internal sealed record CacheStats(int Entries, long Bytes, long MaxBytes, long Evicted);

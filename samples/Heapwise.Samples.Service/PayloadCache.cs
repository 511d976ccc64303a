namespace Heapwise.Samples.Service;

/// <summary>
/// The memory-hungry part of the service: payloads kept in memory in arrival order, bounded in bytes. When a new
/// payload would pass the bound the oldest go first, so memory grows up to the bound and stays there, the way a
/// cache without expiry behaves in production.
/// </summary>
internal sealed class PayloadCache(long maxBytes)
{
    private readonly Lock _lock = new();
    private readonly Queue<byte[]> _payloads = new();
    private long _bytes;
    private long _evicted;

    /// <summary>The most bytes the cache keeps.</summary>
    public long MaxBytes { get; } = maxBytes;

    /// <summary>Stores a payload of <paramref name="bytes"/> bytes, evicting the oldest beyond <see cref="MaxBytes"/>.</summary>
    public CacheStats Add(int bytes)
    {
        var payload = new byte[bytes];

        // Touch every page: a payload is data, not reserved address space, so it shows in the working set too.
        Array.Fill(payload, (byte)bytes);
        lock (_lock)
        {
            _payloads.Enqueue(payload);
            _bytes += bytes;
            while (_bytes > MaxBytes && _payloads.TryDequeue(out var oldest))
            {
                _bytes -= oldest.Length;
                _evicted++;
            }

            return Stats();
        }
    }

    /// <summary>Drops the oldest payloads until at most <paramref name="bytes"/> remain.</summary>
    public CacheStats TrimTo(long bytes)
    {
        lock (_lock)
        {
            while (_bytes > bytes && _payloads.TryDequeue(out var oldest))
            {
                _bytes -= oldest.Length;
                _evicted++;
            }

            return Stats();
        }
    }

    /// <summary>The cache's size now.</summary>
    public CacheStats Read()
    {
        lock (_lock)
        {
            return Stats();
        }
    }

    private CacheStats Stats() => new(_payloads.Count, _bytes, MaxBytes, _evicted);
}

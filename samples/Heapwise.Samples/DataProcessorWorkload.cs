using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Heapwise.Samples;

/// <summary>
/// A data processor that reads generated customer records, encodes each payload and caches the encoded
/// bytes by customer key, evicting the oldest keys beyond a fixed capacity. About 190 MB of payloads,
/// encoded copies and keys per run; the profile shows where each comes from and how much the cache keeps.
/// </summary>
public static class DataProcessorWorkload
{
    internal const int DefaultRecordCount = 80_000;
    internal const int DefaultCacheCapacity = 4_096;
    private const int Seed = 7;
    private const int CustomerCount = 20_000;
    private const int MinPayloadBytes = 256;
    private const int MaxPayloadBytes = 2_048;
    private const int HeaderBytes = 16;

    /// <summary>Processes the records once; returns a checksum of every encoded record and of the final cache.</summary>
    public static ulong Run() => Run(DefaultRecordCount, DefaultCacheCapacity).Checksum;

    internal static (ulong Checksum, int CachedEntries) Run(int recordCount, int cacheCapacity)
    {
        var cache = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var insertionOrder = new Queue<string>();
        var random = new Random(Seed);
        ulong checksum = 0;
        for (int i = 0; i < recordCount; i++)
        {
            (string key, byte[] payload) = ReadRecord(random, i);
            byte[] encoded = EncodeRecord(key, payload);
            checksum = Checksum.Mix(checksum, Checksum.Of(encoded));
            CacheResult(cache, insertionOrder, key, encoded, cacheCapacity);
        }

        return (Checksum.Mix(checksum, ChecksumOf(cache)), cache.Count);
    }

    // NoInlining on the allocation sites: inlined frames vanish from sampled stacks, and the profile's
    // top table should name these methods, not their caller.
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static (string Key, byte[] Payload) ReadRecord(Random random, int sequence)
    {
        // Cubing a uniform number skews toward low ids: a few hot customers, a long tail of cold ones.
        int customer = (int)(CustomerCount * Math.Pow(random.NextDouble(), 3));
        string key = string.Create(CultureInfo.InvariantCulture, $"customer-{customer:D6}");
        byte[] payload = new byte[random.Next(MinPayloadBytes, MaxPayloadBytes + 1)];
        payload.AsSpan().Fill((byte)customer);
        BinaryPrimitives.WriteInt32LittleEndian(payload, sequence);
        return (key, payload);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static byte[] EncodeRecord(string key, byte[] payload)
    {
        byte[] encoded = new byte[HeaderBytes + payload.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(encoded, Checksum.Of(key));
        BinaryPrimitives.WriteInt32LittleEndian(encoded.AsSpan(8), payload.Length);
        for (int i = 0; i < payload.Length; i++)
        {
            encoded[HeaderBytes + i] = (byte)(payload[i] ^ 0xA5);
        }

        return encoded;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void CacheResult(Dictionary<string, byte[]> cache, Queue<string> insertionOrder, string key, byte[] encoded, int capacity)
    {
        if (cache.TryAdd(key, encoded))
        {
            insertionOrder.Enqueue(key);
            if (cache.Count > capacity)
            {
                cache.Remove(insertionOrder.Dequeue());
            }
        }
        else
        {
            cache[key] = encoded;
        }
    }

    private static ulong ChecksumOf(Dictionary<string, byte[]> cache)
    {
        // Addition is order-independent, so the result does not depend on the dictionary's layout.
        ulong sum = (ulong)cache.Count;
        foreach (var (key, value) in cache)
        {
            sum += Checksum.Mix(Checksum.Of(key), Checksum.Of(value));
        }

        return sum;
    }
}

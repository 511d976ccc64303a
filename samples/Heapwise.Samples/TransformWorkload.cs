using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Heapwise.Samples;

/// <summary>
/// Encodes a stream of messages of 16–128 KiB, about 110 MB in all. The naive variant allocates a new
/// output buffer per message (those over 85 KB land on the large object heap); the optimized one rents
/// it from <see cref="ArrayPool{T}.Shared"/> and returns it, so after the first messages it allocates nothing.
/// </summary>
public static class TransformWorkload
{
    private const int Seed = 20_240_601;
    private const int MessageCount = 1_500;
    private const int MinMessageBytes = 16 * 1024;
    private const int MaxMessageBytes = 128 * 1024;
    private const ulong Key = 0x9E3779B97F4A7C15;

    // Messages are slices of one source made once per process, so the only per-run allocations are the
    // output buffers this workload is about.
    private static readonly byte[] Source = CreateSource(4 * MaxMessageBytes);

    /// <summary>Encodes every message into a freshly allocated buffer; returns the checksum of all outputs.</summary>
    public static ulong RunWithNewBuffers()
    {
        var random = new Random(Seed);
        ulong checksum = 0;
        for (int i = 0; i < MessageCount; i++)
        {
            checksum = Checksum.Mix(checksum, TransformWithNewBuffer(NextMessage(random)));
        }

        return checksum;
    }

    /// <summary>Encodes every message into a pooled buffer; returns the same checksum as <see cref="RunWithNewBuffers"/>.</summary>
    public static ulong RunWithPooledBuffers()
    {
        var random = new Random(Seed);
        ulong checksum = 0;
        for (int i = 0; i < MessageCount; i++)
        {
            checksum = Checksum.Mix(checksum, TransformWithPooledBuffer(NextMessage(random)));
        }

        return checksum;
    }

    // NoInlining on the allocation sites: inlined frames vanish from sampled stacks, and the profile's
    // top table should name these methods, not their callers.
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static ulong TransformWithNewBuffer(ReadOnlySpan<byte> message)
    {
        byte[] output = new byte[message.Length];
        return Encode(message, output);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static ulong TransformWithPooledBuffer(ReadOnlySpan<byte> message)
    {
        // Rent may hand back a larger array: only the first message.Length bytes are ours.
        byte[] rented = ArrayPool<byte>.Shared.Rent(message.Length);
        try
        {
            return Encode(message, rented.AsSpan(0, message.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static ReadOnlySpan<byte> NextMessage(Random random)
    {
        int length = random.Next(MinMessageBytes, MaxMessageBytes + 1);
        int offset = random.Next(0, Source.Length - length);
        return Source.AsSpan(offset, length);
    }

    /// <summary>Writes the encoded message into <paramref name="output"/> and returns the output's checksum.</summary>
    private static ulong Encode(ReadOnlySpan<byte> message, Span<byte> output)
    {
        ReadOnlySpan<ulong> input = MemoryMarshal.Cast<byte, ulong>(message);
        Span<ulong> encoded = MemoryMarshal.Cast<byte, ulong>(output);
        for (int i = 0; i < input.Length; i++)
        {
            encoded[i] = BitOperations.RotateLeft(input[i] ^ Key, 13);
        }

        for (int i = input.Length * sizeof(ulong); i < message.Length; i++)
        {
            output[i] = (byte)(message[i] ^ (byte)(Key & 0xFF));
        }

        return Checksum.Of(output);
    }

    private static byte[] CreateSource(int length)
    {
        byte[] source = new byte[length];
        new Random(Seed).NextBytes(source);
        return source;
    }
}

using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Heapwise.Samples;

/// <summary>
/// Allocation-heavy load for measuring profiler overhead: allocates a given number of bytes in a mix
/// typical of services (mostly small objects and strings, some arrays of a few KiB, an occasional large
/// array on the large object heap), keeping a sliding window of them alive so some survive into gen 1/2.
/// Not a demo: it has one pattern, volume.
/// </summary>
public static class ChurnWorkload
{
    private const int SmallPerRound = 128;
    private const int MediumPerRound = 2;
    private const int LargeEveryRounds = 256;

    /// <summary>Allocates at least <paramref name="totalBytes"/> bytes on the calling thread and returns what it did.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="totalBytes"/> is not positive.</exception>
    public static ChurnResult Run(long totalBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalBytes);
        var window = new Window();
        var random = new XorShift(0x2545F4914F6CDD1D);
        ulong checksum = 0;
        long rounds = 0;
        var stopwatch = Stopwatch.StartNew();
        long start = GC.GetAllocatedBytesForCurrentThread();

        // The runtime's own count decides when to stop, so the work is the same with or without a
        // profiler attached, and the figure is exact rather than estimated from object sizes.
        while (GC.GetAllocatedBytesForCurrentThread() - start < totalBytes)
        {
            checksum += AllocateSmall(window, ref random);
            checksum += AllocateMedium(window, ref random);
            if (rounds % LargeEveryRounds == 0)
            {
                checksum += AllocateLarge(window, ref random);
            }

            rounds++;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - start;
        stopwatch.Stop();
        return new ChurnResult(allocated, rounds, stopwatch.Elapsed, checksum + window.Checksum());
    }

    // NoInlining keeps each size class its own frame, so a profile of this load reads by size class.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong AllocateSmall(Window window, ref XorShift random)
    {
        ulong sum = 0;
        for (int i = 0; i < SmallPerRound; i++)
        {
            uint r = random.Next();
            switch (r % 3)
            {
                case 0:
                    var node = new Node(r, null);
                    sum += node.Value;
                    window.KeepSmall(node, r);
                    break;
                case 1:
                    string text = new((char)('a' + (r % 26)), 8 + ((int)(r >> 8) % 56));
                    sum += (ulong)text.Length;
                    window.KeepSmall(text, r);
                    break;
                default:
                    byte[] bytes = new byte[16 + (int)((r >> 8) % 240)];
                    sum += (ulong)bytes.Length;
                    window.KeepSmall(bytes, r);
                    break;
            }
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong AllocateMedium(Window window, ref XorShift random)
    {
        ulong sum = 0;
        for (int i = 0; i < MediumPerRound; i++)
        {
            uint r = random.Next();
            Array array = (r & 1) == 0 ? new byte[1024 + (int)((r >> 1) % 7168)] : new int[256 + (int)((r >> 1) % 1792)];
            sum += (ulong)array.Length;
            window.KeepMedium(array, r);
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong AllocateLarge(Window window, ref XorShift random)
    {
        uint r = random.Next();
        byte[] large = new byte[128 * 1024 + (int)(r % (896 * 1024))];
        window.KeepLarge(large);
        return (ulong)large.Length;
    }

    private sealed class Node(uint value, Node? next)
    {
        public uint Value { get; } = value;

        public Node? Next { get; } = next;
    }

    /// <summary>Recently allocated objects kept alive: stores make them escape, and some outlive gen 0.</summary>
    private sealed class Window
    {
        private readonly object[] _small = new object[16_384];
        private readonly Array[] _medium = new Array[256];
        private readonly byte[][] _large = new byte[4][];
        private int _largeNext;

        public void KeepSmall(object item, uint slot) => _small[slot % _small.Length] = item;

        public void KeepMedium(Array item, uint slot) => _medium[slot % _medium.Length] = item;

        public void KeepLarge(byte[] item) => _large[_largeNext++ % _large.Length] = item;

        public ulong Checksum()
        {
            ulong live = 0;
            foreach (object? o in _small)
            {
                live += o is null ? 0UL : 1UL;
            }

            return live;
        }
    }

    /// <summary>Cheap deterministic randomness: <see cref="Random"/> would cost more than the allocations measured.</summary>
    private struct XorShift(ulong state)
    {
        private ulong _state = state;

        public uint Next()
        {
            _state ^= _state << 13;
            _state ^= _state >> 7;
            _state ^= _state << 17;
            return (uint)(_state >> 32);
        }
    }
}

using System.Runtime.CompilerServices;

namespace Heapwise.Tests.Service;

/// <summary>Code with known names for the profiles and dumps to find.</summary>
internal static class Workloads
{
    private static object? s_sink;

    /// <summary>Burns CPU in managed code until cancelled.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long SpinUntil(CancellationToken stop)
    {
        long x = 0;
        while (!stop.IsCancellationRequested)
        {
            for (int i = 0; i < 100_000; i++)
            {
                x = (x * 31) + i;
            }
        }

        return x;
    }

    /// <summary>Blocks the calling thread until <paramref name="release"/> is set.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void BlockUntilReleased(ManualResetEventSlim release) => release.Wait();

    /// <summary>Allocates 1 KiB arrays until cancelled.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void AllocateUntil(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            for (int i = 0; i < 1000; i++)
            {
                s_sink = new byte[1000];
            }

            Thread.Sleep(1);
        }

        GC.KeepAlive(s_sink);
    }
}

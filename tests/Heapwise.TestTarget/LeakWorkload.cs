using System.Runtime.CompilerServices;

namespace Heapwise.TestTarget;

/// <summary>
/// A leak for the memory rules: every 300 ms, 2 MB more stays reachable from a static list and a full
/// collection runs, so the heap left by full collections rises at each one. Prints <c>ready</c> first and
/// stops when stdin closes.
/// </summary>
internal static class LeakWorkload
{
    private static readonly List<byte[]> Retained = [];

    public static int Run()
    {
        var stopped = StdinClosed.ReadyThenWatch();
        while (!stopped.IsCancellationRequested)
        {
            Leak();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true);
            Thread.Sleep(300);
        }

        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Leak()
    {
        for (int i = 0; i < 32; i++)
        {
            Retained.Add(new byte[64 * 1024]);
        }
    }
}

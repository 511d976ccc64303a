using System.Runtime.CompilerServices;

namespace Heapwise.TestTarget;

/// <summary>
/// A target for CPU profiles and thread dumps: a thread named <c>hw-spinner</c> burns CPU in <see cref="Spin"/> and a
/// thread named <c>hw-waiter</c> blocks in <see cref="WaitUntilStopped"/>, until stdin closes.
/// </summary>
internal static class SpinWorkload
{
    public static int Run()
    {
        using var stop = new ManualResetEventSlim();
        var spinner = new Thread(() => Spin(stop)) { Name = "hw-spinner" };
        var waiter = new Thread(() => WaitUntilStopped(stop)) { Name = "hw-waiter" };
        spinner.Start();
        waiter.Start();
        Console.Out.WriteLine("ready");
        Console.Out.Flush();
        while (Console.In.ReadLine() is not null)
        {
        }

        stop.Set();
        spinner.Join();
        waiter.Join();
        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long Spin(ManualResetEventSlim stop)
    {
        long x = 0;
        while (!stop.IsSet)
        {
            for (int i = 0; i < 100_000; i++)
            {
                x = (x * 31) + i;
            }
        }

        return x;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void WaitUntilStopped(ManualResetEventSlim stop) => stop.Wait();
}

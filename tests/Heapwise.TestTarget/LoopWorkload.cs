using System.Runtime.CompilerServices;

namespace Heapwise.TestTarget;

/// <summary>
/// A long-running target: allocates about 20 MB a second, gently so the machine's two cores stay usable, until
/// stdin closes (tests that attach end it that way) or, with <c>forever</c>, until it is killed (tests that launch it
/// under the recorder, where stdin is inherited and may be closed already).
/// </summary>
internal static class LoopWorkload
{
    public static int Run(bool forever)
    {
        if (forever)
        {
            while (true)
            {
                AllocateInLoop();
                Thread.Sleep(10);
            }
        }

        var stopped = StdinClosed.ReadyThenWatch();
        while (!stopped.IsCancellationRequested)
        {
            AllocateInLoop();
            Thread.Sleep(10);
        }

        return 0;
    }

    /// <summary>Prints <c>ready</c>, then allocates as fast as it can for <paramref name="seconds"/>: a flood of events.</summary>
    public static int Churn(int seconds)
    {
        Console.Out.WriteLine("ready");
        Console.Out.Flush();
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            AllocateInLoop();
        }

        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AllocateInLoop()
    {
        for (int i = 0; i < 200; i++)
        {
            Sink.Keep(new byte[1000]);
        }
    }
}

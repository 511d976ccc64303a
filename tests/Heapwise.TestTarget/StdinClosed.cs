namespace Heapwise.TestTarget;

/// <summary>How long-running workloads learn that the test is done: the parent closes their stdin.</summary>
internal static class StdinClosed
{
    /// <summary>Prints <c>ready</c>, then returns a token cancelled when stdin closes (or the parent goes away).</summary>
    public static CancellationToken ReadyThenWatch()
    {
        var stop = new CancellationTokenSource();
        var watcher = new Thread(() =>
        {
            // ReadLine returns null when the parent closes stdin or goes away.
            while (Console.In.ReadLine() is not null)
            {
            }

            stop.Cancel();
        }) { IsBackground = true };
        watcher.Start();
        Console.Out.WriteLine("ready");
        Console.Out.Flush();
        return stop.Token;
    }
}

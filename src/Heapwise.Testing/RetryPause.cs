namespace Heapwise.Testing;

/// <summary>
/// The pauses between a leak check's tries, as goleak retries: 1 ms, doubling up to 100 ms. Short first, because
/// what a scope started usually ends at once; capped, so a long wait still looks often.
/// </summary>
internal sealed class RetryPause
{
    private static readonly TimeSpan Longest = TimeSpan.FromMilliseconds(100);

    private TimeSpan _next = TimeSpan.FromMilliseconds(1);

    /// <summary>Sleeps for the next pause, then makes the one after longer.</summary>
    public void Sleep()
    {
        Thread.Sleep(_next);
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, Longest.Ticks));
    }
}

namespace Heapwise.Testing;

/// <summary>How <see cref="LeakTracker.AssertCollected"/> waits for objects to be collected and explains survivors.</summary>
public sealed record LeakAssertOptions
{
    /// <summary>Waits up to 10 s, no reference paths.</summary>
    public static LeakAssertOptions Default { get; } = new();

    /// <summary>
    /// How long to keep collecting before declaring a leak (default 10 s). Collections are repeated with growing pauses
    /// (1 ms doubling up to 100 ms, as goleak retries), because an object may still be held for a moment by work
    /// finishing on another thread: a timer callback, a continuation. Objects collectable at once pass at once.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan MaxWait
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            field = value;
        }
    } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Finds a reference path from a GC root to a survivor of each leaked type. Default: a
    /// <see cref="HeapSnapshotPathFinder"/> (a heap snapshot of this process, taken only on failure); <see langword="null"/> prints none.
    /// </summary>
    public IRetentionPathFinder? PathFinder { get; init; } = new HeapSnapshotPathFinder();
}

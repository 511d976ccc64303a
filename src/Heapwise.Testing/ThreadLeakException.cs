namespace Heapwise.Testing;

/// <summary>
/// Threads started during a <see cref="ThreadLeakCheck"/> scope were still running after it (or, with
/// <see cref="ThreadLeakOptions.CheckTimers"/>, timers were still active). The message lists each thread with its id,
/// name, state and stack where a <see cref="ThreadLeakOptions.StackSource"/> gives one.
/// </summary>
public sealed class ThreadLeakException : HeapwiseAssertionException
{
    internal ThreadLeakException(string message, IReadOnlyList<OsThreadInfo> threads, long extraTimers)
        : base(message)
    {
        Threads = threads;
        ExtraTimers = extraTimers;
    }

    /// <summary>The threads still running.</summary>
    public IReadOnlyList<OsThreadInfo> Threads { get; }

    /// <summary>How many more timers were active than at the start (0 when timers were not checked).</summary>
    public long ExtraTimers { get; }
}

namespace Heapwise.Heap;

/// <summary>How <see cref="HeapSnapshotter"/> takes a snapshot.</summary>
public sealed record HeapSnapshotOptions
{
    /// <summary>The defaults: a 1 GB event buffer, one retry, five minutes at most.</summary>
    public static HeapSnapshotOptions Default { get; } = new();

    /// <summary>
    /// Size of the runtime's event buffer for the session, in megabytes. The runtime drops events when it fills
    /// (before .NET 11 it cannot block instead), and the walk of a large heap is sent all at once; the memory is
    /// taken in the target only as events are written. dotnet-gcdump uses the same 1,024.
    /// </summary>
    public int BufferMegabytes { get; init; } = 1024;

    /// <summary>How many more times to try when a snapshot comes back incomplete (events lost); then it is returned marked incomplete.</summary>
    public int Retries { get; init; } = 1;

    /// <summary>How long one attempt may take, from attaching until the heap walk has arrived.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);
}

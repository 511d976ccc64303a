namespace Heapwise.Testing;

/// <summary>
/// Tracked objects were still reachable after forced full collections. The message names each surviving type, how many
/// survived, and a reference path from a GC root where a <see cref="LeakAssertOptions.PathFinder"/> found one.
/// </summary>
public sealed class LeakAssertionException : HeapwiseAssertionException
{
    internal LeakAssertionException(string message, IReadOnlyList<LeakSurvivorGroup> survivors, int collections)
        : base(message)
    {
        Survivors = survivors;
        Collections = collections;
    }

    /// <summary>The survivors, by type, most numerous first.</summary>
    public IReadOnlyList<LeakSurvivorGroup> Survivors { get; }

    /// <summary>How many full, blocking, compacting collections (each followed by the finalizers) ran before giving up.</summary>
    public int Collections { get; }
}

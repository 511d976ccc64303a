namespace Heapwise.Testing;

/// <summary>
/// Finds why an object is still alive: a reference path from a GC root to it. Plug one into
/// <see cref="LeakAssertOptions.PathFinder"/> and leak failures print the path of each surviving type.
/// </summary>
/// <remarks>
/// <see cref="HeapSnapshotPathFinder"/>, the default, walks the live heap with the core library's heap snapshot.
/// </remarks>
public interface IRetentionPathFinder
{
    /// <summary>
    /// One reference path from a GC root to <paramref name="survivor"/>, root first, one element per step (for
    /// example <c>static field MyApp.Cache.s_entries</c>, <c>System.Collections.Generic.List&lt;MyApp.Entry&gt;</c>,
    /// <c>MyApp.Entry[]</c>, <c>MyApp.Entry</c>); empty when none was found.
    /// </summary>
    /// <param name="survivor">The surviving object. The caller holds it only through this argument: ignore that root.</param>
    IReadOnlyList<string> FindPath(object survivor);
}

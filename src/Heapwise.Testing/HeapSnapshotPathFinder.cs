using Heapwise.Heap;

namespace Heapwise.Testing;

/// <summary>
/// Reference paths from the core library's heap snapshot of this process (<see cref="HeapSnapshotter"/>: the
/// runtime's own heap walk over EventPipe). The default <see cref="LeakAssertOptions.PathFinder"/>. The snapshot
/// runs a full blocking collection and takes a second or more on a large test process, so it is taken only when a
/// leak is reported.
/// </summary>
/// <remarks>
/// The snapshot names types, not objects (objects move during the collection that walks them), so the path shown
/// is the shortest one to an instance of the survivor's type, preferring static fields and handles over stacks:
/// the caller holds the survivor on its own stack while asking.
/// </remarks>
public sealed class HeapSnapshotPathFinder : IRetentionPathFinder
{
    /// <inheritdoc />
    public IReadOnlyList<string> FindPath(object survivor)
    {
        ArgumentNullException.ThrowIfNull(survivor);
        var type = survivor.GetType();
        try
        {
            var snapshot = Task.Run(() => HeapSnapshotter.TakeAsync(Environment.ProcessId)).GetAwaiter().GetResult();
            GC.KeepAlive(survivor);
            // The caller's own stack holds the survivor: first look for what else holds it.
            var withoutStacks = RootPaths.Compute(snapshot, [.. RootPaths.KindPreference.Where(k => k != HeapRootKind.Stack)]);
            return PathTo(snapshot, withoutStacks, type) ?? PathTo(snapshot, RootPaths.Compute(snapshot), type) ?? [];
        }
        catch (HeapwiseException e)
        {
            return [$"(no path: the heap snapshot failed: {e.Message})"];
        }
    }

    // The shortest reached path to an instance of the type. The runtime names nested types without their
    // outer type: the full name is tried, then the short one.
    private static string[]? PathTo(HeapSnapshot snapshot, RootPaths roots, Type type)
    {
        var report = TryPaths(snapshot, roots, type.FullName ?? type.Name) ?? TryPaths(snapshot, roots, type.Name);
        var reached = report?.Paths.Where(p => p.Frames.Count > 1 || !p.Frames[0].StartsWith('[')).ToList();
        return reached is { Count: > 0 } ? [.. reached.MinBy(p => p.ExampleHops)!.Frames] : null;
    }

    private static HeapPathReport? TryPaths(HeapSnapshot snapshot, RootPaths roots, string typeName)
    {
        try
        {
            return HeapPathReport.Compute(snapshot, roots, typeName);
        }
        catch (HeapwiseException)
        {
            return null; // no type of that name
        }
    }
}

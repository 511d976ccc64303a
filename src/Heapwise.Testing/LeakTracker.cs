using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Heapwise.Testing;

/// <summary>
/// Objects that must become collectable: track them through weak references while a scope runs, then
/// <see cref="AssertCollected"/> forces full collections (with finalizers) until they are gone or a deadline passes.
/// </summary>
/// <remarks>
/// The tracker holds no strong reference. Your test must not either: a local variable in the test method keeps its
/// object alive in Debug builds until the method returns, so create and use tracked objects in another method, or use
/// <see cref="LeakAssert.Collectable"/>, which runs the scope in a method of its own.
/// </remarks>
/// <example>
/// <code>
/// var tracker = new LeakTracker();
/// RunScope(tracker);                  // inside: tracker.Track(new Session(...), "session 1")
/// tracker.AssertCollected();
/// </code>
/// </example>
public sealed class LeakTracker
{
    private readonly List<(WeakReference Reference, Type Type, string? Label)> _tracked = [];
    private readonly Lock _gate = new();

    /// <summary>How many objects are tracked.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _tracked.Count;
            }
        }
    }

    /// <summary>Tracks <paramref name="target"/> through a weak reference and returns it, so tracking fits in an expression.</summary>
    /// <param name="target">The object that must become collectable.</param>
    /// <param name="label">A name for it in failure messages (e.g. <c>"entry for key 42"</c>).</param>
    public T Track<T>(T target, string? label = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(target);

        // A long weak reference: an object resurrected by a finalizer still counts as alive.
        var reference = new WeakReference(target, trackResurrection: true);
        lock (_gate)
        {
            _tracked.Add((reference, target.GetType(), label));
        }

        return target;
    }

    /// <summary>
    /// Forces full, blocking, compacting collections and runs finalizers, repeating with growing pauses until every
    /// tracked object is collected or <see cref="LeakAssertOptions.MaxWait"/> has passed (and at least two rounds ran).
    /// </summary>
    /// <param name="options">How long to wait and how to explain survivors; <see cref="LeakAssertOptions.Default"/> when <see langword="null"/>.</param>
    /// <exception cref="LeakAssertionException">Tracked objects survived; the message names their types, counts and paths where known.</exception>
    public void AssertCollected(LeakAssertOptions? options = null)
    {
        const int MinimumRounds = 2;
        options ??= LeakAssertOptions.Default;
        List<(WeakReference Reference, Type Type, string? Label)> tracked;
        lock (_gate)
        {
            tracked = [.. _tracked];
        }

        var clock = Stopwatch.StartNew();
        var pause = new RetryPause();
        int collections = 0;
        while (true)
        {
            CollectEverything();
            collections++;
            if (tracked.TrueForAll(t => !t.Reference.IsAlive))
            {
                return;
            }

            // At least two rounds whatever the deadline: what the first round's finalizers release is collected by
            // the second, and on a loaded machine one round alone can outlast a short wait.
            if (clock.Elapsed >= options.MaxWait && collections >= MinimumRounds)
            {
                break;
            }

            pause.Sleep();
        }

        var groups = tracked.GroupBy(t => t.Type)
            .Select(g => (Type: g.Key, Tracked: g.Count(), Alive: g.Where(t => t.Reference.IsAlive).ToList()))
            .Where(g => g.Alive.Count > 0)
            .OrderByDescending(g => g.Alive.Count).ThenBy(g => ReadableTypeName.Of(g.Type), StringComparer.Ordinal)
            .Select(g => new LeakSurvivorGroup(ReadableTypeName.Of(g.Type), g.Alive.Count, g.Tracked,
                [.. g.Alive.Select(t => t.Label).OfType<string>()], PathFor(g.Alive, options.PathFinder)))
            .ToList();
        throw new LeakAssertionException(Compose(groups, tracked.Count, collections, clock.Elapsed, options), groups, collections);
    }

    private static void CollectEverything()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private static List<string> PathFor(List<(WeakReference Reference, Type Type, string? Label)> alive, IRetentionPathFinder? finder)
    {
        if (finder is null)
        {
            return [];
        }

        foreach (var (reference, _, _) in alive)
        {
            if (reference.Target is { } survivor)
            {
                return [.. finder.FindPath(survivor)];
            }
        }

        return [];
    }

    private static string Compose(List<LeakSurvivorGroup> groups, int trackedCount, int collections, TimeSpan waited, LeakAssertOptions options)
    {
        int survivors = groups.Sum(g => g.Count);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"Expected {trackedCount:N0} tracked object{(trackedCount == 1 ? "" : "s")} to be collectable, but {survivors:N0} survived {collections:N0} full collections with finalizers over {waited.TotalSeconds:0.0} s:");
        foreach (var group in groups)
        {
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"  {group.Count:N0} of {group.Tracked:N0} {group.Type}");
            if (group.Labels.Count > 0)
            {
                const int MaxLabels = 5;
                text.Append(" (").AppendJoin(", ", group.Labels.Take(MaxLabels).Select(l => $"\"{l}\""))
                    .Append(group.Labels.Count > MaxLabels ? ", ..." : "").Append(')');
            }

            if (group.PathFromRoot.Count > 0)
            {
                text.AppendLine().Append("    held by: ").AppendJoin(" -> ", group.PathFromRoot);
            }
        }

        if (options.PathFinder is null)
        {
            text.AppendLine().Append("Reference paths from GC roots are not shown: set LeakAssertOptions.PathFinder to a heap-snapshot path finder, or take a heap snapshot while the objects are alive.");
        }

        return text.ToString();
    }
}

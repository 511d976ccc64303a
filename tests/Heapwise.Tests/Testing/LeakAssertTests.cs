using System.Reflection;
using System.Runtime.CompilerServices;
using Heapwise.Testing;
using Heapwise.Tests.Collection;

namespace Heapwise.Tests.Testing;

/// <summary><see cref="LeakAssert"/> and <see cref="LeakTracker"/> with real objects and real full collections.</summary>
/// <remarks>A failing check takes an in-process heap snapshot (an EventPipe session and a full GC of this process), so
/// these run with the other EventPipe tests rather than beside them.</remarks>
[Collection(EventPipeTests.Name)]
public sealed class LeakAssertTests
{
    // Short waits keep the failing cases quick; the passing cases keep the default (10 s), which they never need.
    private static readonly LeakAssertOptions QuickFail = new() { MaxWait = TimeSpan.FromMilliseconds(300) };

    private static readonly List<CacheEntry> s_heldForever = [];

    [Fact]
    public void Objects_released_by_the_scope_pass()
    {
        LeakAssert.Collectable(tracker =>
        {
            var cache = new Dictionary<int, CacheEntry>();
            for (int i = 0; i < 10; i++)
            {
                cache[i] = tracker.Track(new CacheEntry(i), $"entry {i}");
            }
        });
    }

    [Fact]
    public void An_object_held_by_a_static_field_fails_with_its_type_count_and_label()
    {
        var failure = Assert.Throws<LeakAssertionException>(() => LeakAssert.Collectable(tracker =>
        {
            s_heldForever.Add(tracker.Track(new CacheEntry(42), "entry 42"));
            tracker.Track(new CacheEntry(43), "entry 43"); // released: only one of the two leaks
            tracker.Track(new byte[100]);
        }, QuickFail));
        TestContext.Current.TestOutputHelper?.WriteLine(failure.Message);
        s_heldForever.Clear();

        var group = Assert.Single(failure.Survivors);
        Assert.Equal("Heapwise.Tests.Testing.LeakAssertTests+CacheEntry", group.Type);
        Assert.Equal(1, group.Count);
        Assert.Equal(2, group.Tracked);
        Assert.Equal(["entry 42"], group.Labels);
        Assert.True(failure.Collections >= 2);
        Assert.StartsWith("Expected 3 tracked objects to be collectable, but 1 survived ", failure.Message, StringComparison.Ordinal);
        Assert.Contains("  1 of 2 Heapwise.Tests.Testing.LeakAssertTests+CacheEntry (\"entry 42\")", failure.Message, StringComparison.Ordinal);
        // The default path finder: a heap snapshot of this process, from the static field through the list to the entry.
        Assert.Equal("[static] s_heldForever", group.PathFromRoot[0]);
        Assert.StartsWith("System.Collections.Generic.List<", group.PathFromRoot[1], StringComparison.Ordinal);
        Assert.EndsWith("CacheEntry", group.PathFromRoot[^1], StringComparison.Ordinal);
        Assert.Contains("    held by: [static] s_heldForever -> ", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_finder_plugs_into_the_message()
    {
        var finder = new StaticFieldPathFinder(typeof(LeakAssertTests));
        var failure = Assert.Throws<LeakAssertionException>(() => LeakAssert.Collectable(
            tracker => s_heldForever.Add(tracker.Track(new CacheEntry(7))), QuickFail with { PathFinder = finder }));
        s_heldForever.Clear();

        Assert.Equal(["static Heapwise.Tests.Testing.LeakAssertTests.s_heldForever", "System.Collections.Generic.List<Heapwise.Tests.Testing.LeakAssertTests+CacheEntry>", "Heapwise.Tests.Testing.LeakAssertTests+CacheEntry"],
            failure.Survivors[0].PathFromRoot);
        Assert.Contains("    held by: static Heapwise.Tests.Testing.LeakAssertTests.s_heldForever -> System.Collections.Generic.List<", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("set LeakAssertOptions.PathFinder", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_object_released_a_moment_later_by_another_thread_passes_thanks_to_the_retries()
    {
        var tracker = new LeakTracker();
        var holder = TrackHeldByAnotherThread(tracker);
        tracker.AssertCollected();
        holder.Join();
    }

    [Fact]
    public async Task Async_scopes_are_checked_after_they_complete()
    {
        await LeakAssert.CollectableAsync(async tracker =>
        {
            var entry = tracker.Track(new CacheEntry(1));
            await Task.Yield();
            GC.KeepAlive(entry);
        });
    }

    [Fact]
    public void A_scope_that_tracks_nothing_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => LeakAssert.Collectable(_ => { }));
        Assert.Contains("tracker.Track", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LeakAssertOptions { MaxWait = TimeSpan.FromSeconds(-1) });
    }

    // Another thread holds the object for a moment (200 ms, far less than the 10 s the assertion waits), then lets go:
    // the first collections find it alive, the retries must not give up.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Thread TrackHeldByAnotherThread(LeakTracker tracker)
    {
        var holder = new Thread(state =>
        {
            Thread.Sleep(200);
            GC.KeepAlive(state);
        }) { IsBackground = true, Name = "leak test holder" };
        holder.Start(tracker.Track(new CacheEntry(99)));
        return holder;
    }

    private sealed record CacheEntry(int Key);

    /// <summary>
    /// A real, deliberately small <see cref="IRetentionPathFinder"/>: looks for the survivor in the static fields
    /// of one type and in the collections they hold. The real one walks a heap snapshot.
    /// </summary>
    private sealed class StaticFieldPathFinder(Type owner) : IRetentionPathFinder
    {
        public IReadOnlyList<string> FindPath(object survivor)
        {
            foreach (var field in owner.GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public))
            {
                if (field.GetValue(null) is System.Collections.IEnumerable items and not string)
                {
                    foreach (object? item in items)
                    {
                        if (ReferenceEquals(item, survivor))
                        {
                            return [$"static {owner.FullName}.{field.Name}", Readable(items.GetType()), Readable(survivor.GetType())];
                        }
                    }
                }
            }

            return [];
        }

        private static string Readable(Type type) => type.IsGenericType
            ? $"{type.Namespace}.{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Readable))}>"
            : type.FullName!;
    }
}

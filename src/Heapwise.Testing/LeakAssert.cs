using System.Runtime.CompilerServices;

namespace Heapwise.Testing;

/// <summary>
/// Leak assertions for any test framework: "the objects this scope tracks must be collectable after it", the .NET
/// counterpart of checking with <c>runtime.SetFinalizer</c> in Go. Failures throw <see cref="LeakAssertionException"/>.
/// </summary>
/// <example>
/// <code>
/// LeakAssert.Collectable(tracker =>
/// {
///     var session = tracker.Track(server.OpenSession());
///     session.Close();
/// });
/// </code>
/// </example>
public static class LeakAssert
{
    /// <summary>
    /// Runs <paramref name="scope"/> in a method of its own (so no local variable of the caller keeps anything alive),
    /// then asserts that every object it tracked becomes collectable (see <see cref="LeakTracker.AssertCollected"/>).
    /// </summary>
    /// <param name="scope">Creates and uses the objects, tracking those that must not outlive it.</param>
    /// <param name="options">How long to wait and how to explain survivors; <see cref="LeakAssertOptions.Default"/> when <see langword="null"/>.</param>
    /// <exception cref="InvalidOperationException">The scope tracked nothing, so the assertion would prove nothing.</exception>
    /// <exception cref="LeakAssertionException">Tracked objects survived.</exception>
    public static void Collectable(Action<LeakTracker> scope, LeakAssertOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var tracker = new LeakTracker();
        RunScope(scope, tracker);
        Verify(tracker, options);
    }

    /// <summary>The asynchronous <see cref="Collectable"/>: awaits <paramref name="scope"/>, then asserts that what it tracked becomes collectable.</summary>
    /// <param name="scope">Creates and uses the objects, tracking those that must not outlive it.</param>
    /// <param name="options">How long to wait and how to explain survivors; <see cref="LeakAssertOptions.Default"/> when <see langword="null"/>.</param>
    /// <exception cref="InvalidOperationException">The scope tracked nothing, so the assertion would prove nothing.</exception>
    /// <exception cref="LeakAssertionException">Tracked objects survived.</exception>
    public static async Task CollectableAsync(Func<LeakTracker, Task> scope, LeakAssertOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var tracker = new LeakTracker();
        await RunScopeAsync(scope, tracker).ConfigureAwait(false);
        Verify(tracker, options);
    }

    private static void Verify(LeakTracker tracker, LeakAssertOptions? options)
    {
        if (tracker.Count == 0)
        {
            throw new InvalidOperationException("The leak scope tracked no object, so there is nothing to check: call tracker.Track(obj) on the objects that must be collectable.");
        }

        tracker.AssertCollected(options);
    }

    // Out of line: the scope's locals (and the closure) die when this frame returns.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RunScope(Action<LeakTracker> scope, LeakTracker tracker) => scope(tracker);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task RunScopeAsync(Func<LeakTracker, Task> scope, LeakTracker tracker) => scope(tracker);
}

using System.Collections.Concurrent;

namespace Heapwise.Collection;

/// <summary>
/// The OS ids of every Heapwise event-reading thread in this process, whatever process it reads. Each in-process
/// recording leaves out what all of them allocate, not just its own reader: with two recordings at once (a test
/// run, a service capturing while a developer records), each would otherwise profile the other, and a reader of
/// another process (a monitor, a recording of a child) allocates here too.
/// </summary>
internal static class ProfilerThreads
{
    // Events reach a session a little after they happen, so a reader's id stays listed this long
    // after it stops, until another session has read what that reader allocated last.
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(10);

    private static readonly ConcurrentDictionary<int, int> Readers = new();

    /// <summary>Whether <paramref name="osThreadId"/> is (or just was) a Heapwise event-reading thread.</summary>
    public static bool Contains(int osThreadId) => Readers.ContainsKey(osThreadId);

    /// <summary>
    /// Lists the calling thread as a reader; returns its OS id, or <see langword="null"/> where it cannot be read. Only
    /// for threads of Heapwise's own (never a thread-pool thread, which would run the program's code while listed).
    /// </summary>
    public static int? RegisterCurrent()
    {
        int? id = OsThread.CurrentId();
        if (id is { } tid)
        {
            Readers.AddOrUpdate(tid, 1, (_, count) => count + 1);
        }

        return id;
    }

    /// <summary>Removes a reader registered by <see cref="RegisterCurrent"/>, after a delay (see <see cref="Linger"/>).</summary>
    public static void Unregister(int? osThreadId)
    {
        if (osThreadId is not { } tid)
        {
            return;
        }

        _ = Task.Delay(Linger).ContinueWith(
            _ =>
            {
                // Remove only when no other registration of the same id remains.
                while (Readers.TryGetValue(tid, out int count))
                {
                    bool done = count <= 1
                        ? Readers.TryRemove(new KeyValuePair<int, int>(tid, count))
                        : Readers.TryUpdate(tid, count - 1, count);
                    if (done)
                    {
                        return;
                    }
                }
            },
            CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }
}

namespace Heapwise.Runtime;

/// <summary>
/// Reports the pause of every garbage collection of this process, for a pause histogram, without an event session and
/// without losing collections between looks.
/// </summary>
/// <remarks>
/// <para>
/// .NET has no public per-GC callback, and <see cref="GC.GetGCMemoryInfo(GCKind)"/> only describes the last collection
/// of each kind, so a timer would miss every collection but the last between two ticks. The watcher looks right after
/// collections instead: it keeps one small finalizable object alive only through the finalization queue; every
/// collection finds it dead and queues its finalizer, which looks and leaves a new such object behind for the next
/// collection. The finalizer thread can fall behind when collections come back to back, so each look reconciles:
/// </para>
/// <list type="bullet">
/// <item>the number of collections since the previous look is exact (the difference of <see cref="GCMemoryInfo.Index"/>);</item>
/// <item>the last ephemeral, full blocking and background collections that fall in it are reported with their own
/// pauses (the sum of their <see cref="GCMemoryInfo.PauseDurations"/>: one pause for a blocking collection, two for a
/// background one);</item>
/// <item>the others share what is left of the <see cref="GC.GetTotalPauseDuration"/> difference evenly, so the sum of
/// the reported pauses follows the runtime's total.</item>
/// </list>
/// <para>Each look costs a few microseconds on the finalizer thread; the callback runs there too and must be quick and must not block.</para>
/// </remarks>
public sealed class GcPauseWatcher : IDisposable
{
    private static readonly GCKind[] Kinds = [GCKind.Ephemeral, GCKind.FullBlocking, GCKind.Background];

    private readonly Action<TimeSpan> _onPause;
    private readonly Lock _lock = new();
    private long _lastIndex;
    private TimeSpan _lastTotalPause;
    private volatile bool _disposed;

    /// <summary>Starts watching: collections from now on are reported to <paramref name="onPause"/>.</summary>
    /// <param name="onPause">Called once per collection with its pause, on the finalizer thread or the caller of <see cref="Poll"/>; it must not throw or block.</param>
    public GcPauseWatcher(Action<TimeSpan> onPause)
    {
        _onPause = onPause ?? throw new ArgumentNullException(nameof(onPause));
        _lastIndex = GC.GetGCMemoryInfo(GCKind.Any).Index;
        _lastTotalPause = GC.GetTotalPauseDuration();
        Sentinel.Plant(this);
    }

    /// <summary>Reports the collections since the previous look now (the finalizer does it after each collection anyway).</summary>
    public void Poll()
    {
        if (_disposed)
        {
            return;
        }

        lock (_lock)
        {
            long newest = GC.GetGCMemoryInfo(GCKind.Any).Index;
            var totalPause = GC.GetTotalPauseDuration();
            if (newest <= _lastIndex)
            {
                return;
            }

            long collections = newest - _lastIndex;
            long seen = 0;
            var seenPause = TimeSpan.Zero;
            Span<long> seenIndexes = stackalloc long[Kinds.Length];
            foreach (var kind in Kinds)
            {
                var info = GC.GetGCMemoryInfo(kind);
                if (info.Index <= _lastIndex || info.Index > newest || seenIndexes[..(int)seen].Contains(info.Index))
                {
                    continue;
                }

                var pause = TimeSpan.Zero;
                foreach (var part in info.PauseDurations)
                {
                    pause += part;
                }

                seenIndexes[(int)seen++] = info.Index;
                seenPause += pause;
                _onPause(pause);
            }

            long unseen = collections - seen;
            if (unseen > 0)
            {
                var rest = totalPause - _lastTotalPause - seenPause;
                var each = rest > TimeSpan.Zero ? rest / unseen : TimeSpan.Zero;
                for (long i = 0; i < unseen; i++)
                {
                    _onPause(each);
                }
            }

            _lastIndex = newest;
            _lastTotalPause = totalPause;
        }
    }

    /// <summary>Stops watching; the finalizable object is not replanted after the next collection. Without it the watcher lives as long as the process.</summary>
    public void Dispose() => _disposed = true;

    /// <summary>The object each collection finds dead: its finalizer looks, then plants the next one.</summary>
    /// <remarks>
    /// It holds the watcher strongly: a <see cref="WeakReference{T}"/> would be finalized in the same collection as the
    /// sentinel, in any order, and could be cleared before the sentinel's finalizer reads it. So the chain, and the watcher,
    /// live until <see cref="Dispose"/>.
    /// </remarks>
    private sealed class Sentinel
    {
        private readonly GcPauseWatcher _watcher;

        private Sentinel(GcPauseWatcher watcher) => _watcher = watcher;

        // Allocated and dropped at once: only the finalization queue knows it, so the next collection of gen 0 finds it.
        public static void Plant(GcPauseWatcher watcher) => _ = new Sentinel(watcher);

        ~Sentinel()
        {
            if (_watcher._disposed)
            {
                return;
            }

            try
            {
                _watcher.Poll();
            }
#pragma warning disable CA1031 // An exception escaping a finalizer ends the process; a lost look only blurs the histogram.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            Plant(_watcher);
        }
    }
}

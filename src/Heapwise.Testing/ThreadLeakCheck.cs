using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Heapwise.Testing;

/// <summary>
/// The goleak counterpart: threads started during a scope that still run after it. <see cref="Start"/> notes the
/// threads that exist (goleak's <c>IgnoreCurrent</c>); <see cref="AssertNoLeaks"/> waits, with growing pauses, for
/// threads started since to end, and reports those that do not.
/// </summary>
/// <remarks>
/// <para>
/// .NET has no managed list of threads, so this looks at OS threads (Linux: <c>/proc/self/task</c>, with the names .NET
/// gives them, cut to 15 characters). The runtime's own threads are ignored by name
/// (<see cref="ThreadLeakOptions.RuntimeThreadNames"/>). Thread-pool workers come and go as the pool sees fit, so they
/// are not leaks, but an unnamed thread started from a pool thread inherits the OS name <c>.NET TP Worker</c>: such
/// threads are found by counting, when the threads carrying that name outnumber <see cref="ThreadPool.ThreadCount"/> by
/// more than at the start, and the new ones are listed as suspects. Name your threads and the report names them.
/// </para>
/// <para>
/// Threads started by other code running at the same time (tests in parallel) are indistinguishable from yours: run
/// thread-leak tests where nothing else runs, as goleak recommends for <c>VerifyTestMain</c>.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var threads = ThreadLeakCheck.Start();
/// using (var server = new Server()) { server.Handle(request); }
/// threads.AssertNoLeaks();
/// </code>
/// </example>
public sealed class ThreadLeakCheck
{
    /// <summary>The OS name .NET gives thread-pool workers (and, by inheritance, unnamed threads they start).</summary>
    public const string ThreadPoolWorkerName = ".NET TP Worker";

    private readonly HashSet<int> _before;
    private readonly long _timersBefore;
    private readonly int _impostorsBefore;
    private readonly ThreadLeakOptions _options;

    private ThreadLeakCheck(ThreadLeakOptions options)
    {
        _options = options;
        var threads = ProcessThreads.Snapshot();
        _before = [.. threads.Select(t => t.Id)];
        _impostorsBefore = Impostors(threads);
        _timersBefore = Timer.ActiveCount;
    }

    /// <summary>Notes the threads (and active timers) that exist now: only threads started later can leak.</summary>
    /// <param name="options">What to ignore, how long to wait, how to explain; <see cref="ThreadLeakOptions.Default"/> when <see langword="null"/>.</param>
    public static ThreadLeakCheck Start(ThreadLeakOptions? options = null) => new(options ?? ThreadLeakOptions.Default);

    /// <summary>Runs <paramref name="scope"/> and asserts that no thread it started still runs afterwards.</summary>
    /// <exception cref="ThreadLeakException">Threads started by the scope still run.</exception>
    public static void Verify(Action scope, ThreadLeakOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var check = Start(options);
        scope();
        check.AssertNoLeaks();
    }

    /// <summary>Awaits <paramref name="scope"/> and asserts that no thread it started still runs afterwards.</summary>
    /// <exception cref="ThreadLeakException">Threads started by the scope still run.</exception>
    public static async Task VerifyAsync(Func<Task> scope, ThreadLeakOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var check = Start(options);
        await scope().ConfigureAwait(false);
        check.AssertNoLeaks();
    }

    /// <summary>The threads started since <see cref="Start"/> that run now and are not ignored, without waiting.</summary>
    public IReadOnlyList<OsThreadInfo> FindLeaks()
    {
        var now = ProcessThreads.Snapshot();
        var fresh = now.Where(t => !_before.Contains(t.Id) && !IsIgnored(t.Name)).ToList();

        // Pool workers are not leaks, unless more threads carry the workers' name beyond the pool's own than at the
        // start: then unnamed threads started from pool threads are among them, and the new ones are the suspects.
        // (Test runners start such threads themselves, so the count is compared with the start, not with zero.)
        bool impostors = Impostors(now) > _impostorsBefore;
        return [.. fresh.Where(t => t.Name != ThreadPoolWorkerName || impostors)];
    }

    /// <summary>
    /// Waits until every thread started since <see cref="Start"/> has ended (ignoring those the options ignore), at most
    /// <see cref="ThreadLeakOptions.MaxWait"/>, and throws if some still run.
    /// </summary>
    /// <exception cref="ThreadLeakException">Threads (or, when checked, timers) started since <see cref="Start"/> are still there.</exception>
    public void AssertNoLeaks()
    {
        var clock = Stopwatch.StartNew();
        var pause = new RetryPause();
        while (true)
        {
            var leaks = FindLeaks();
            long extraTimers = _options.CheckTimers ? Math.Max(0, Timer.ActiveCount - _timersBefore) : 0;
            if (leaks.Count == 0 && extraTimers == 0)
            {
                return;
            }

            if (clock.Elapsed >= _options.MaxWait)
            {
                throw new ThreadLeakException(Compose(leaks, extraTimers, clock.Elapsed), leaks, extraTimers);
            }

            pause.Sleep();
        }
    }

    // Threads named as pool workers beyond the pool's own count: unnamed threads started from pool threads.
    private static int Impostors(List<OsThreadInfo> threads) => threads.Count(t => t.Name == ThreadPoolWorkerName) - ThreadPool.ThreadCount;

    private bool IsIgnored(string name) => _options.IgnoreNames.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));

    private string Compose(IReadOnlyList<OsThreadInfo> leaks, long extraTimers, TimeSpan waited)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Expected the threads started during the scope to have ended, but after waiting {waited.TotalSeconds:0.0} s ");
        text.Append(CultureInfo.InvariantCulture, $"{leaks.Count:N0} still run{(leaks.Count == 1 ? "s" : "")}")
            .Append(extraTimers > 0 ? string.Create(CultureInfo.InvariantCulture, $" and {extraTimers:N0} more timer{(extraTimers == 1 ? " is" : "s are")} active than before") : "")
            .Append(':');
        foreach (var thread in leaks)
        {
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"  thread {thread.Id} \"{thread.Name}\" state {(thread.State.Length == 0 ? "?" : thread.State)}");
            if (thread.Name == ThreadPoolWorkerName)
            {
                text.Append(" (more threads carry this name than the pool has workers: an unnamed thread started from a pool thread inherits it; name your threads)");
            }

            var stack = _options.StackSource?.StackOf(thread.Id) ?? [];
            foreach (string frame in stack)
            {
                text.AppendLine().Append("      at ").Append(frame);
            }
        }

        if (extraTimers > 0)
        {
            text.AppendLine().Append("  timers: the runtime counts active timers (Timer.ActiveCount) but cannot say whose; dispose the timers the scope created.");
        }

        if (_options.StackSource is null && leaks.Count > 0)
        {
            text.AppendLine().Append("Stacks are not shown: set ThreadLeakOptions.StackSource to an in-process thread stack source.");
        }

        return text.ToString();
    }
}

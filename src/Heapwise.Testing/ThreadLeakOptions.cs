namespace Heapwise.Testing;

/// <summary>What <see cref="ThreadLeakCheck"/> ignores, how long it waits for threads to end, and how it explains leaks.</summary>
public sealed record ThreadLeakOptions
{
    /// <summary>
    /// The OS names of the runtime's own threads, as seen with .NET 10 on Linux (names cut to 15 characters): they come
    /// and go with the runtime's needs, not your code's. Thread-pool workers (<c>.NET TP Worker</c>) are handled apart,
    /// see <see cref="ThreadLeakCheck"/>. <c>.NET Long Running Task</c> is not here: a long-running task that never
    /// ends is a leak.
    /// </summary>
    public static IReadOnlyList<string> RuntimeThreadNames { get; } =
    [
        ".NET SynchManag", ".NET EventPipe", ".NET DebugPipe", ".NET Debugger", ".NET Finalizer", ".NET Tiered Com",
        ".NET TP Gate", ".NET Timer", ".NET SigHandler", ".NET BGC", ".NET Server GC", "Heapwise alloca",
    ];

    /// <summary>Ignores the runtime's threads, waits up to 10 s, no stacks, timers not checked.</summary>
    public static ThreadLeakOptions Default { get; } = new();

    /// <summary>
    /// Threads whose OS name starts with one of these are never reported (goleak's <c>IgnoreTopFunction</c>, by name).
    /// Default: <see cref="RuntimeThreadNames"/>. Add your own with <c>Default with { IgnoreNames = [.. ThreadLeakOptions.RuntimeThreadNames, "my worker"] }</c>.
    /// </summary>
    public IReadOnlyList<string> IgnoreNames
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            field = value;
        }
    } = RuntimeThreadNames;

    /// <summary>
    /// How long to wait for new threads to end before reporting them (default 10 s), retrying with growing pauses
    /// (1 ms doubling up to 100 ms, as goleak retries), because a stopped thread takes a moment to exit.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan MaxWait
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            field = value;
        }
    } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Also fail when more <see cref="System.Threading.Timer"/>s are active than at the start (default <see langword="false"/>).
    /// The runtime only tells how many are active (<see cref="Timer.ActiveCount"/>), for the whole process, so this
    /// can name neither the timers nor who created them, and timers of tests running in parallel count too.
    /// </summary>
    public bool CheckTimers { get; init; }

    /// <summary>
    /// Gives each leaked thread's stack. Default: a <see cref="ThreadDumpStackSource"/> (the core library's
    /// in-process thread dump); <see langword="null"/> prints none.
    /// </summary>
    public IThreadStackSource? StackSource { get; init; } = new ThreadDumpStackSource();
}

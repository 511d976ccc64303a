using System.Runtime.CompilerServices;

namespace Heapwise.Testing;

/// <summary>
/// Measures what code allocates, exactly, in bytes: the counterpart of Go's <c>testing.AllocsPerRun</c>.
/// </summary>
/// <remarks>
/// <para>
/// Synchronous code is measured with <see cref="GC.GetAllocatedBytesForCurrentThread"/> around the call: exact, and
/// blind to other threads, so tests running in parallel do not disturb it; work the code hands to other threads is
/// not counted (use the asynchronous overloads for that).
/// </para>
/// <para>
/// Asynchronous code is measured on every thread its execution context runs on (see
/// <see cref="MeasureAsync(Func{Task}, int, int)"/>): continuations, <c>Task.Run</c> and thread-pool work it queues
/// are counted, other threads' allocations are not.
/// </para>
/// <para>
/// Warm-up runs come first and are not counted, so one-time costs (JIT compilation, static constructors, pools
/// filling) do not show. The runtime counts bytes, not objects: object counts exist only as the profiler's
/// estimates, which failing assertions show.
/// </para>
/// </remarks>
public static class AllocationMeter
{
    /// <summary>Runs <paramref name="action"/> <paramref name="warmupRuns"/> times, then once more, and returns the bytes that last run allocated on this thread.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="warmupRuns"/> is negative.</exception>
    public static long Measure(Action action, int warmupRuns = 1) => MeasurePerRun(1, action, warmupRuns).TotalBytes;

    /// <summary>
    /// Runs <paramref name="action"/> <paramref name="warmupRuns"/> times, then <paramref name="runs"/> times, and
    /// returns what the <paramref name="runs"/> runs allocated on this thread (<see cref="AllocationMeasurement.BytesPerRun"/>
    /// is Go's <c>AllocsPerRun</c> in bytes).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="runs"/> is not positive or <paramref name="warmupRuns"/> is negative.</exception>
    public static AllocationMeasurement MeasurePerRun(int runs, Action action, int warmupRuns = 1)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(runs);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupRuns);
        for (int i = 0; i < warmupRuns; i++)
        {
            action();
        }

        return new AllocationMeasurement(BytesOf(runs, action), runs);
    }

    /// <summary>
    /// Runs <paramref name="operation"/> <paramref name="warmupRuns"/> times, then <paramref name="runs"/> times, one
    /// after the other, and returns the bytes the measured runs allocated on every thread their execution context ran on.
    /// </summary>
    /// <remarks>
    /// Each run starts in a copy of the caller's execution context carrying a counter; the runtime tells the counter
    /// whenever that context is switched onto or off a thread, and the counter adds up the thread's own allocation
    /// counter in between. Exact for what runs in the operation's context. Not counted: work queued with the flow
    /// suppressed (<see cref="ExecutionContext.SuppressFlow"/>, <c>UnsafeQueueUserWorkItem</c>, some socket and timer
    /// internals) and what the runtime allocates on an I/O thread before it enters the context. Awaiting the
    /// operation here is not counted either.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="runs"/> is not positive or <paramref name="warmupRuns"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">The caller suppressed the execution context's flow.</exception>
    public static async Task<AllocationMeasurement> MeasureAsync(Func<Task> operation, int runs = 1, int warmupRuns = 1)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(runs);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupRuns);
        for (int i = 0; i < warmupRuns; i++)
        {
            await operation().ConfigureAwait(false);
        }

        var counter = new FlowAllocationCounter();
        for (int i = 0; i < runs; i++)
        {
            await counter.Start(operation).ConfigureAwait(false);
        }

        counter.WaitUntilNoThreadInside(TimeSpan.FromSeconds(1));

        return new AllocationMeasurement(counter.Bytes, runs);
    }

    // Out of line, and nothing but counters between the two reads: with the result record built in the same method,
    // the optimizing JIT allocated it before the second read, and every measurement came out 32 bytes high (measured
    // in Release; Debug builds were exact). Not optimized either, so dynamic PGO cannot inline the delegate's target
    // into this loop, where escape analysis could put its objects on the stack: the code is measured as it runs elsewhere.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.NoOptimization)]
    private static long BytesOf(int runs, Action action)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < runs; i++)
        {
            action();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}

namespace Heapwise.Testing;

/// <summary>
/// Counts the bytes allocated by one asynchronous flow on every thread it runs on, exactly: an
/// <see cref="AsyncLocal{T}"/> with a change handler hears each time the flow's execution context is switched in or
/// out of a thread, and reads that thread's own allocation counter at both ends.
/// </summary>
/// <remarks>
/// Work done for the flow outside its execution context is not counted: code run with
/// <see cref="ExecutionContext.SuppressFlow"/> or <c>UnsafeQueueUserWorkItem</c>, and what the runtime allocates on an
/// I/O or timer thread before it switches into the flow. Other threads' allocations never are, which is the point:
/// tests running in parallel do not disturb the figure.
/// </remarks>
internal sealed class FlowAllocationCounter
{
    private static readonly AsyncLocal<FlowAllocationCounter?> Current = new(OnContextChanged);

    // The thread's allocation counter when this thread last entered a counted flow. Only one execution context is
    // current on a thread at a time, so one mark per thread is enough.
    [ThreadStatic]
    private static long t_enteredAt;

    private long _bytes;
    private int _threadsInside;

    /// <summary>Bytes counted so far; exact once the flow has completed.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>
    /// Waits, at most <paramref name="timeout"/>, until no thread runs in the flow: a flow's last thread can complete
    /// the awaited task and switch out of its context a moment after the awaiting code has resumed elsewhere.
    /// </summary>
    public void WaitUntilNoThreadInside(TimeSpan timeout)
    {
        var spinner = new SpinWait();
        long deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Volatile.Read(ref _threadsInside) > 0 && Environment.TickCount64 < deadline)
        {
            spinner.SpinOnce();
        }
    }

    /// <summary>
    /// Starts <paramref name="operation"/> in a copy of the caller's execution context that carries this counter; the
    /// caller's own context is untouched, so awaiting the task afterwards is not counted.
    /// </summary>
    public Task Start(Func<Task> operation)
    {
        var context = ExecutionContext.Capture() ?? throw new InvalidOperationException(
            "Asynchronous allocations cannot be measured while the execution context's flow is suppressed; call ExecutionContext.RestoreFlow first.");
        var run = new Run(this, operation);
        ExecutionContext.Run(context, static state => ((Run)state!).Execute(), run);
        return run.Task!;
    }

    private static void OnContextChanged(AsyncLocalValueChangedArgs<FlowAllocationCounter?> change)
    {
        if (ReferenceEquals(change.PreviousValue, change.CurrentValue))
        {
            return;
        }

        long now = GC.GetAllocatedBytesForCurrentThread();
        if (change.PreviousValue is { } left)
        {
            Interlocked.Add(ref left._bytes, now - t_enteredAt);
            Interlocked.Decrement(ref left._threadsInside);
        }

        if (change.CurrentValue is { } entered)
        {
            Interlocked.Increment(ref entered._threadsInside);
            t_enteredAt = now;
        }
    }

    private sealed class Run(FlowAllocationCounter counter, Func<Task> operation)
    {
        public Task? Task { get; private set; }

        public void Execute()
        {
            // Setting the value allocates the new context before the change handler marks the thread, so it is not
            // counted; leaving is ExecutionContext.Run restoring the caller's context, which allocates nothing.
            Current.Value = counter;
            Task = operation() ?? throw new InvalidOperationException("The asynchronous operation returned a null Task; return a Task to await.");
        }
    }
}

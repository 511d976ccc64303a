using Heapwise.Collection;
using Heapwise.Heap;
using Heapwise.Profiles;

namespace Heapwise.AspNetCore;

/// <summary>
/// The captures the endpoints run, in this process. A seam: each is a delegate, so a test can make one fail for real
/// and check that the service answers 500 and stays healthy.
/// </summary>
internal sealed class ProfileCaptures
{
    /// <summary>Records allocations for the given time.</summary>
    public Func<TimeSpan, CancellationToken, Task<Profile>> Allocations { get; init; } = RecordAllocationsAsync;

    /// <summary>Samples CPU for the given time.</summary>
    public Func<TimeSpan, CancellationToken, Task<Profile>> Cpu { get; init; } = SampleCpuAsync;

    /// <summary>Dumps every managed thread's stack.</summary>
    public Func<CancellationToken, Task<ThreadStackDump>> Threads { get; init; } = ThreadStackDump.CaptureAsync;

    /// <summary>Takes a heap snapshot of this process and turns it into a live heap profile.</summary>
    public Func<CancellationToken, Task<Profile>> Heap { get; init; } = async cancellationToken => ToProfile(await SnapshotAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>Takes a heap snapshot of this process (the whole object graph, for rule captures that keep it).</summary>
    public Func<CancellationToken, Task<HeapSnapshot>> Snapshot { get; init; } = SnapshotAsync;

    /// <summary>The live heap profile of <paramref name="snapshot"/>: its stacks are type paths from GC roots.</summary>
    public static Profile ToProfile(HeapSnapshot snapshot) => HeapProfile.Build(snapshot, RootPaths.Compute(snapshot));

    // A blocking gen-2 collection walks the heap.
    private static Task<HeapSnapshot> SnapshotAsync(CancellationToken cancellationToken) =>
        HeapSnapshotter.TakeAsync(Environment.ProcessId, cancellationToken: cancellationToken);

    private static Task<Profile> RecordAllocationsAsync(TimeSpan duration, CancellationToken cancellationToken) =>
        RecordAsync(AllocationProfiler.Start, p => p.Stop().Profile, duration, cancellationToken);

    private static Task<Profile> SampleCpuAsync(TimeSpan duration, CancellationToken cancellationToken) =>
        RecordAsync(CpuProfiler.Start, p => p.Stop().Profile, duration, cancellationToken);

    // Records for the whole duration unless the client goes away; stopping (the runtime's rundown) blocks, so it
    // runs on the thread pool, never on the thread that handles the request.
    private static async Task<Profile> RecordAsync<TProfiler>(Func<TProfiler> start, Func<TProfiler, Profile> stop, TimeSpan duration,
        CancellationToken cancellationToken)
        where TProfiler : IDisposable
    {
        using var profiler = await Task.Run(start, CancellationToken.None).ConfigureAwait(false);
        await Task.Delay(duration, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return await Task.Run(() => stop(profiler), CancellationToken.None).ConfigureAwait(false);
    }
}

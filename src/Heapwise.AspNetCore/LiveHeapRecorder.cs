using Heapwise.Collection;
using Heapwise.Profiles;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Heapwise.AspNetCore;

/// <summary>
/// With <see cref="HeapwiseOptions.TrackLiveHeap"/>: records this process's allocations from startup with live
/// tracking, so <c>/debug/pprof/inuse</c> can say at any moment what is alive by allocation site, as Go's
/// <c>/debug/pprof/heap</c> does. Otherwise it does nothing.
/// </summary>
internal sealed class LiveHeapRecorder(IOptions<HeapwiseOptions> options) : IHostedService, IAsyncDisposable
{
    private AllocationProfiler? _profiler;

    /// <summary>Whether the recording runs.</summary>
    public bool IsRecording => Volatile.Read(ref _profiler) is not null;

    /// <summary>Starts the recording when the options ask for it.</summary>
    /// <exception cref="HeapwiseException">The runtime refused the session (e.g. DOTNET_EnableDiagnostics=0).</exception>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.TrackLiveHeap)
        {
            Volatile.Write(ref _profiler, AllocationProfiler.Start(new RecordingOptions { TrackLiveHeap = true }));
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The live heap profile now: what is alive at the end of the last GC, by allocation site since startup; with
    /// <paramref name="collectFirst"/>, after a full blocking GC, as Go's <c>?gc=1</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The recording does not run (<see cref="IsRecording"/>).</exception>
    public async Task<Profile> CaptureAsync(bool collectFirst, CancellationToken cancellationToken)
    {
        var profiler = Volatile.Read(ref _profiler) ?? throw new InvalidOperationException("Live heap tracking is off.");
        if (collectFirst)
        {
            GC.Collect();
        }

        return await profiler.CaptureLiveProfileAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the recording.</summary>
    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    /// <summary>Stops the recording if it runs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _profiler, null) is { } profiler)
        {
            await profiler.DisposeAsync().ConfigureAwait(false);
        }
    }
}

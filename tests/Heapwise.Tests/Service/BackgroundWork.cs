namespace Heapwise.Tests.Service;

/// <summary>A workload running on the thread pool until disposed: <c>await using var _ = BackgroundWork.Start(Workloads.SpinUntil);</c>.</summary>
internal sealed class BackgroundWork : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _task;

    private BackgroundWork(Action<CancellationToken> work) => _task = Task.Run(() => work(_stop.Token), CancellationToken.None);

    public static BackgroundWork Start(Action<CancellationToken> work) => new(work);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _task;
        _stop.Dispose();
    }
}

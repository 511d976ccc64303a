using Heapwise.Heap;
using Heapwise.Tests.Collection;
using Heapwise.Tests.Infrastructure;
using Heapwise.TestTarget;

namespace Heapwise.Tests.Heap;

/// <summary>
/// The test target in <c>waste</c> mode (exactly known waste, see <see cref="WasteWorkload"/>) with one
/// waste analysis of it, its dump written into a folder of its own so the tests can check it was deleted.
/// </summary>
public sealed class WasteTarget : IAsyncLifetime
{
    private RunningTarget? _target;

    internal RunningTarget Target => _target ?? throw new InvalidOperationException("not started");

    internal TemporaryDirectory DumpFolder { get; } = new();

    internal HeapWaste Waste { get; private set; } = null!;

    internal List<string> Progress { get; } = [];

    public async ValueTask InitializeAsync()
    {
        _target = TestTarget.Start("waste");
        var progress = new SynchronousProgress(Progress);
        Waste = await HeapDumpWaste.TakeAsync(_target.Id, new WasteOptions { DumpFolder = DumpFolder.Path, RowCount = 50 }, progress,
            TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_target is { } target)
        {
            if (!target.Process.HasExited)
            {
                await target.StopAsync();
            }

            target.Dispose();
        }

        DumpFolder.Dispose();
    }

    /// <summary>Records reports on the calling thread (<see cref="Progress{T}"/> would post them to the thread pool).</summary>
    private sealed class SynchronousProgress(List<string> messages) : IProgress<string>
    {
        public void Report(string value)
        {
            lock (messages)
            {
                messages.Add(value);
            }
        }
    }
}

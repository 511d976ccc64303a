using Heapwise.Heap;

namespace Heapwise.Tests.Heap;

/// <summary>
/// The test target in <c>heap</c> mode (an exactly known live set) with one snapshot of it taken through the
/// in-process API, shared by the tests of a class.
/// </summary>
public sealed class HeapShapesTarget : IAsyncLifetime
{
    // Known layouts on x64: 8-byte header + 8-byte method table pointer, fields after, 24 bytes at least;
    // arrays of references: 16 + 8 (length) + 8 per element.
    public const long SmallObjectBytes = 24;
    public const int StaticCount = 1000;
    public const int StackCount = 500;
    public const int HandleCount = 300;
    public const int FinalizerCount = 200;
    public const int LeakStep = 10_000;

    private RunningTarget? _target;

    internal RunningTarget Target => _target ?? throw new InvalidOperationException("not started");

    internal HeapSnapshot Snapshot { get; private set; } = null!;

    internal RootPaths Paths { get; private set; } = null!;

    internal DominatorTree Dominators { get; private set; } = null!;

    public static long ReferenceArrayBytes(int length) => 24 + (8L * length);

    public async ValueTask InitializeAsync()
    {
        _target = TestTarget.Start("heap");
        Snapshot = await HeapSnapshotter.TakeAsync(_target.Id, cancellationToken: TestContext.Current.CancellationToken);
        Paths = RootPaths.Compute(Snapshot);
        Dominators = DominatorTree.Compute(Snapshot);
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
    }

    /// <summary>Asks the target to grow its leak by <see cref="LeakStep"/> objects and waits until it has.</summary>
    public async Task GrowLeakAsync()
    {
        await Target.Process.StandardInput.WriteLineAsync("grow");
        await Target.Process.StandardInput.FlushAsync();
        string? answer = await Target.Process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken);
        Assert.StartsWith("grown", answer, StringComparison.Ordinal);
    }

    internal int[] ObjectsOf(string typeName)
    {
        var types = Snapshot.FindTypes(typeName);
        return [.. Enumerable.Range(0, Snapshot.ObjectCount).Where(o => types.Contains(Snapshot.TypeOf(o)))];
    }

    internal int Single(string typeName) => Assert.Single(ObjectsOf(typeName));
}

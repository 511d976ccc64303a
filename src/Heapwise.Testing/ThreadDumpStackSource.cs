using Heapwise.Collection;

namespace Heapwise.Testing;

/// <summary>
/// Thread stacks from the core library's in-process thread dump (<see cref="ThreadStackDump"/>: one sample of
/// every managed thread through the runtime's sampler). The default <see cref="ThreadLeakOptions.StackSource"/>.
/// A dump takes about half a second, so it is taken only when a leak is reported, and reused for the other
/// threads of the same report (a dump is reused only for threads it holds).
/// </summary>
public sealed class ThreadDumpStackSource : IThreadStackSource
{
    private static readonly TimeSpan Reuse = TimeSpan.FromSeconds(2);
    private readonly Lock _lock = new();
    private ThreadStackDump? _dump;
    private DateTime _takenAt;

    /// <inheritdoc />
    public IReadOnlyList<string> StackOf(int osThreadId)
    {
        ThreadStackDump? dump;
        lock (_lock)
        {
            // A dump taken for this report's other threads serves; one without this thread is from an earlier report.
            if (_dump is null || DateTime.UtcNow - _takenAt > Reuse || _dump.Threads.All(t => t.OsThreadId != osThreadId))
            {
                try
                {
                    _dump = Task.Run(() => ThreadStackDump.CaptureAsync()).GetAwaiter().GetResult();
                    _takenAt = DateTime.UtcNow;
                }
                catch (HeapwiseException e)
                {
                    return [$"(no stack: the thread dump failed: {e.Message})"];
                }
            }

            dump = _dump;
        }

        return dump.Threads.FirstOrDefault(t => t.OsThreadId == osThreadId)?.Frames ?? [];
    }
}

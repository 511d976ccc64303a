namespace Heapwise.Testing;

/// <summary>
/// Gives the managed stack of a thread of this process. Plug one into <see cref="ThreadLeakOptions.StackSource"/> and
/// thread-leak failures print each leaked thread's stack, as goleak prints goroutine stacks.
/// </summary>
/// <remarks>
/// .NET has no managed API for another thread's stack; <see cref="ThreadDumpStackSource"/>, the default, uses the
/// core library's in-process thread dump.
/// </remarks>
public interface IThreadStackSource
{
    /// <summary>The frames of the thread with OS id <paramref name="osThreadId"/>, innermost first; empty when unknown.</summary>
    IReadOnlyList<string> StackOf(int osThreadId);
}

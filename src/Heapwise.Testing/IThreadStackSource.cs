namespace Heapwise.Testing;

/// <summary>
/// Gives the managed stack of a thread of this process. Plug one into <see cref="ThreadLeakOptions.StackSource"/> and
/// thread-leak failures print each leaked thread's stack, as goleak prints goroutine stacks.
/// </summary>
/// <remarks>
/// .NET has no managed API for another thread's stack; Heapwise.Testing ships no implementation and leaves this seam
/// for the in-process thread stack dump of the core library's collection layer.
/// </remarks>
public interface IThreadStackSource
{
    /// <summary>The frames of the thread with OS id <paramref name="osThreadId"/>, innermost first; empty when unknown.</summary>
    IReadOnlyList<string> StackOf(int osThreadId);
}

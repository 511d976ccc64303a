namespace Heapwise.Collection;

/// <summary>One managed thread of a <see cref="ThreadStackDump"/>: who it is, whether it was running managed code, and its stack.</summary>
/// <param name="OsThreadId">The operating system's thread id (what <c>top -H</c>, <c>gdb</c> and <c>/proc/PID/task</c> show).</param>
/// <param name="Name">The OS thread name (on Linux from <c>/proc/PID/task/TID/comm</c>, at most 15 characters), or empty.</param>
/// <param name="RunningManagedCode">
/// <see langword="true"/> when the thread was executing managed code when sampled; <see langword="false"/> when it was
/// outside the runtime: blocked in a wait, sleeping, or in native code.
/// </param>
/// <param name="Frames">The stack, innermost frame first, each as <c>Method (file:line)</c> where the line is known.</param>
public sealed record DumpedThread(int OsThreadId, string Name, bool RunningManagedCode, IReadOnlyList<string> Frames);

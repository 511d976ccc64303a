namespace Heapwise.Testing;

/// <summary>A thread of this process as the operating system sees it.</summary>
/// <param name="Id">The OS thread id (Linux: the tid in <c>/proc/self/task</c>).</param>
/// <param name="Name">
/// The OS name: .NET copies <see cref="Thread.Name"/> there, cut to 15 characters on Linux; an unnamed thread keeps the
/// name of the thread that started it (often <c>.NET TP Worker</c>). Empty where the platform does not tell.
/// </param>
/// <param name="State">The scheduler state (Linux: <c>R</c> running, <c>S</c> sleeping, <c>D</c> waiting on I/O, ...), or empty.</param>
public sealed record OsThreadInfo(int Id, string Name, string State);

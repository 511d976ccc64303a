using System.Globalization;
using Heapwise.Profiles;
using Microsoft.Diagnostics.NETCore.Client;

namespace Heapwise.Collection;

/// <summary>
/// The stack of every managed thread of a process, the counterpart of Go's goroutine dump: as a pprof profile
/// (sample type <c>threads</c>/count, one sample per thread labelled with its id, name and state) and as text.
/// </summary>
/// <remarks>
/// Taken with a very short session of the runtime's sampler, which walks every managed thread once per millisecond:
/// the latest stack of each thread is kept. Threads the runtime does not know (purely native ones) are not listed;
/// in-process, Heapwise's own event-reading threads are left out.
/// </remarks>
public sealed class ThreadStackDump
{
    /// <summary>How long the sampler runs: long enough for several rounds over every thread.</summary>
    internal static readonly TimeSpan SamplingWindow = TimeSpan.FromMilliseconds(100);

    internal ThreadStackDump(Profile profile, IReadOnlyList<DumpedThread> threads, IReadOnlyList<string> notes)
    {
        Profile = profile;
        Threads = threads;
        Notes = notes;
    }

    /// <summary>The dump as a pprof profile; <c>go tool pprof -traces</c> lists each thread's stack.</summary>
    public Profile Profile { get; }

    /// <summary>The threads, by OS thread id.</summary>
    public IReadOnlyList<DumpedThread> Threads { get; }

    /// <summary>Tool, target, and what was left out.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Dumps the managed threads of the current process.</summary>
    /// <exception cref="HeapwiseException">The runtime refuses the session, e.g. with DOTNET_EnableDiagnostics=0.</exception>
    public static Task<ThreadStackDump> CaptureAsync(CancellationToken cancellationToken = default) =>
        Capture(InProcessSession<ThreadStackDump>.Settings(), cancellationToken);

    /// <summary>Dumps the managed threads of running process <paramref name="processId"/>.</summary>
    /// <exception cref="HeapwiseException">The process does not exist, is not a .NET process, or may not be reached.</exception>
    public static Task<ThreadStackDump> CaptureAsync(int processId, CancellationToken cancellationToken = default) =>
        Capture(SessionSettings.ForProcess(processId, progress: null), cancellationToken);

    /// <summary>
    /// Writes the dump as text: a header, then per thread its id, name and state and its frames, innermost first,
    /// like Go's <c>goroutine?debug=2</c>.
    /// </summary>
    public void WriteText(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"threads profile: total {Threads.Count}"));
        foreach (string note in Notes)
        {
            writer.WriteLine("# " + note);
        }

        foreach (var thread in Threads)
        {
            writer.WriteLine();
            string name = thread.Name.Length == 0 ? string.Empty : $" \"{thread.Name}\"";
            string state = thread.RunningManagedCode ? "running managed code" : "waiting or in native code";
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"thread {thread.OsThreadId}{name} [{state}]:"));
            foreach (string frame in thread.Frames)
            {
                writer.WriteLine("    " + frame);
            }
        }
    }

    private static async Task<ThreadStackDump> Capture(SessionSettings settings, CancellationToken cancellationToken)
    {
        // Off the caller's thread: starting a session and the rundown at its end block for a while.
        return await Task.Run(
            () => TraceSession<ThreadStackDump>.RecordAsync(new DiagnosticsClient(settings.ProcessId), settings, new ThreadStackTraceContent(settings),
                SamplingWindow, cancellationToken),
            cancellationToken).ConfigureAwait(false);
    }
}

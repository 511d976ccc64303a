using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Heapwise.Collection;

/// <summary>
/// What a <see cref="TraceSession{TResult}"/> records: which events it asks for beyond the method and module events
/// every session needs, what it keeps of them while the stream is read, and what it builds at the end.
/// </summary>
/// <typeparam name="TResult">What the content builds, e.g. <see cref="AllocationRecording"/>.</typeparam>
internal interface ITraceContent<out TResult>
{
    /// <summary>Keywords of the runtime provider (Verbose) to add to Loader, Jit and JittedMethodILToNativeMap.</summary>
    long RuntimeKeywords { get; }

    /// <summary>Providers other than the runtime's, e.g. the sample profiler.</summary>
    IReadOnlyList<EventPipeProvider> OtherProviders { get; }

    /// <summary>Name of the thread that reads the session, as debuggers and thread dumps show it.</summary>
    string ReaderThreadName { get; }

    /// <summary>OS id of the reading thread when the target is this process, so its own activity is left out; set before <see cref="Attach"/>.</summary>
    int? ExcludedThreadId { get; set; }

    /// <summary>Subscribes to the events of <paramref name="source"/>; called on the reading thread before it is processed.</summary>
    void Attach(TraceLogEventSource source);

    /// <summary>Called once when the session is asked to stop, before the runtime's rundown; the recorded window ends here.</summary>
    void StopRequested()
    {
    }

    /// <summary>Progress so far, read from a timer thread.</summary>
    RecordingProgress Progress(TimeSpan elapsed, long droppedEvents);

    /// <summary>Builds the result once the stream has ended (or failed).</summary>
    TResult Build(TraceOutcome outcome);
}

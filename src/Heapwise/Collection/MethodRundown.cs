using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Heapwise.Collection;

/// <summary>
/// Asks a process's runtime to name every method it has code for, now: a session of its own that is stopped as soon as
/// it starts, so the runtime sends its rundown (every module and method in memory, ReadyToRun code included, with IL
/// maps). A recording names its frames from the rundown at its end; a profile built while it still runs needs this one.
/// </summary>
/// <remarks>It costs the target what the end of every recording costs it: one walk over its loaded methods.</remarks>
internal static class MethodRundown
{
    /// <summary>The methods and modules of <paramref name="settings"/>' process, read through <paramref name="client"/>.</summary>
    /// <exception cref="HeapwiseException">The process can no longer be reached.</exception>
    public static async Task<CodeMap> ReadAsync(DiagnosticsClient client, SessionSettings settings)
    {
        var rundownSettings = settings with { Progress = null, TrackLiveHeap = false, BufferMegabytes = 64 };
        using var session = TraceSession<CodeMap>.Start(client, rundownSettings, new Content());
        session.StartReading();
        return await session.FinishAsync().ConfigureAwait(false);
    }

    // Asks for nothing beyond the module and method events every session has, and keeps what TraceSession's code map learnt.
    private sealed class Content : ITraceContent<CodeMap>
    {
        public long RuntimeKeywords => 0;

        public IReadOnlyList<EventPipeProvider> OtherProviders => [];

        public string ReaderThreadName => "Heapwise method rundown";

        public int? ExcludedThreadId { get; set; }

        public void Attach(TraceLogEventSource source)
        {
        }

        public RecordingProgress Progress(TimeSpan elapsed, long droppedEvents) => new(elapsed, 0, 0, droppedEvents);

        public CodeMap Build(TraceOutcome outcome) => outcome.CodeMap;
    }
}

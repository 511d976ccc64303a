namespace Heapwise.Collection;

/// <summary>Which process a <see cref="TraceSession{TResult}"/> records, and how it reports.</summary>
/// <param name="ProcessId">The target's process id, for messages.</param>
/// <param name="Target">How the target is named in the profile's comments, e.g. <c>process 1234 (dotnet app.dll)</c>.</param>
/// <param name="Choice">Which allocation event to ask for (allocation recordings only).</param>
/// <param name="RuntimeVersion">The target's runtime version when known.</param>
/// <param name="ExcludeReaderThread">Leave out what the threads reading events do (in-process profiling).</param>
/// <param name="Progress">Receives progress about every 250 ms, or <see langword="null"/>.</param>
internal sealed record SessionSettings(
    int ProcessId,
    string Target,
    AllocationEventChoice Choice,
    Version? RuntimeVersion,
    bool ExcludeReaderThread,
    IProgress<RecordingProgress>? Progress)
{
    /// <summary>Size of the runtime's buffer for the session; the default is dotnet-trace's.</summary>
    public int BufferMegabytes { get; init; } = 256;

    /// <summary>Settings for running process <paramref name="processId"/>: named from the OS, runtime version probed.</summary>
    /// <exception cref="HeapwiseException">No process has id <paramref name="processId"/>.</exception>
    public static SessionSettings ForProcess(int processId, IProgress<RecordingProgress>? progress)
    {
        string target = TargetProcess.Describe(processId);
        var version = RuntimeVersionProbe.Probe(processId);
        return new SessionSettings(processId, target, AllocationEventSelector.Choose(version), version,
            ExcludeReaderThread: processId == Environment.ProcessId, progress);
    }

    /// <summary>Also follow the sampled objects through GCs and build the live heap profile (allocation recordings on .NET 10+).</summary>
    public bool TrackLiveHeap { get; init; }

    /// <summary>A pause before reading starts. Only tests set it, with a tiny buffer, to make the runtime drop events.</summary>
    public TimeSpan ReadDelay { get; init; }
}

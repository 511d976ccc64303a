namespace Heapwise.Heap;

/// <summary>Where and when a heap snapshot was taken, and what may be wrong with it.</summary>
public sealed record HeapSnapshotInfo
{
    /// <summary>The id of the process the snapshot is of.</summary>
    public int ProcessId { get; init; }

    /// <summary>The process as described in reports, e.g. <c>process 1234 (dotnet app.dll)</c>.</summary>
    public string ProcessDescription { get; init; } = string.Empty;

    /// <summary>When the snapshot's garbage collection started.</summary>
    public DateTimeOffset TakenAt { get; init; }

    /// <summary>How long the target's threads were suspended for the snapshot's garbage collection and heap walk.</summary>
    public TimeSpan TargetPause { get; init; }

    /// <summary>How long taking the snapshot took end to end, from attaching to a built graph.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Events the runtime reported lost; non-zero means the graph is incomplete.</summary>
    public long DroppedEvents { get; init; }

    /// <summary>Why the snapshot is incomplete, one sentence each; empty when it is complete.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Whether the graph is exactly what the runtime walked (no lost events, consistent counts).</summary>
    public bool IsComplete => Problems.Count == 0;
}

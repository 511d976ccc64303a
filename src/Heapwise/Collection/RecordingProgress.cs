namespace Heapwise.Collection;

/// <summary>A snapshot of a running recording.</summary>
/// <param name="Elapsed">Time since the session started.</param>
/// <param name="Samples">Allocation samples received so far.</param>
/// <param name="EstimatedBytes">Bytes those samples stand for once up-scaled: the estimate of what was allocated.</param>
/// <param name="DroppedEvents">Events the runtime reported lost so far; when not zero, estimates are low.</param>
public readonly record struct RecordingProgress(TimeSpan Elapsed, long Samples, long EstimatedBytes, long DroppedEvents);

using Microsoft.Diagnostics.Tracing.Etlx;

namespace Heapwise.Collection;

/// <summary>How a <see cref="TraceSession{TResult}"/> ended: what was read, and what went wrong.</summary>
/// <param name="Log">The TraceLog whose call stacks the events point to; <see langword="null"/> when the stream could not be read.</param>
/// <param name="CodeMap">Methods and modules learnt from the session, for naming frames.</param>
/// <param name="DroppedEvents">Events the runtime reported lost, or <see langword="null"/> when they cannot be counted.</param>
/// <param name="Failure">Why the recording ended early, or <see langword="null"/>.</param>
/// <param name="Started">When the session started.</param>
/// <param name="Duration">How long it ran.</param>
internal sealed record TraceOutcome(TraceLog? Log, CodeMap CodeMap, long? DroppedEvents, string? Failure, DateTimeOffset Started, TimeSpan Duration);

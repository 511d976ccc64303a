namespace Heapwise.Samples;

/// <summary>What one <see cref="ChurnWorkload.Run"/> did.</summary>
/// <param name="AllocatedBytes">Bytes allocated by the calling thread during the run, as the runtime counts them.</param>
/// <param name="Rounds">Rounds of the allocation mix completed.</param>
/// <param name="Elapsed">Wall time of the run, excluding process startup.</param>
/// <param name="Checksum">Folds what was allocated, so the work cannot be eliminated.</param>
public sealed record ChurnResult(long AllocatedBytes, long Rounds, TimeSpan Elapsed, ulong Checksum);

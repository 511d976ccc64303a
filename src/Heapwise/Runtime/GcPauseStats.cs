namespace Heapwise.Runtime;

/// <summary>The last garbage collection of one kind, from <see cref="GC.GetGCMemoryInfo(GCKind)"/>.</summary>
/// <param name="Kind">
/// <c>ephemeral</c> (gen 0 or 1, <see cref="GCKind.Ephemeral"/>), <c>full_blocking</c> (blocking gen 2,
/// <see cref="GCKind.FullBlocking"/>) or <c>background</c> (concurrent gen 2, <see cref="GCKind.Background"/>).
/// </param>
/// <param name="Index"><see cref="GCMemoryInfo.Index"/>: which GC of the process it was (0: none of this kind yet).</param>
/// <param name="Generation"><see cref="GCMemoryInfo.Generation"/>: the generation it collected.</param>
/// <param name="Compacted"><see cref="GCMemoryInfo.Compacted"/>: whether it moved objects to compact the heap.</param>
/// <param name="PauseDurations">
/// <see cref="GCMemoryInfo.PauseDurations"/>: how long it suspended the program: one pause for a blocking GC, two for
/// a background GC (its start and its end).
/// </param>
public sealed record GcPauseStats(string Kind, long Index, int Generation, bool Compacted, IReadOnlyList<TimeSpan> PauseDurations);

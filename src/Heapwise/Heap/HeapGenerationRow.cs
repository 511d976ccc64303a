namespace Heapwise.Heap;

/// <summary>The live objects in one part of the GC heap.</summary>
/// <param name="Generation">"gen0", "gen1", "gen2", "LOH" (large object heap), "POH" (pinned object heap) or "unknown".</param>
/// <param name="Count">How many objects.</param>
/// <param name="Bytes">Their shallow sizes added up.</param>
public sealed record HeapGenerationRow(string Generation, long Count, long Bytes);

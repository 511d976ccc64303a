namespace Heapwise.Runtime;

/// <summary>
/// One generation of the GC heap at the last garbage collection, from <see cref="GCMemoryInfo.GenerationInfo"/>
/// (<see cref="GCGenerationInfo"/>) and <see cref="GC.CollectionCount(int)"/>.
/// </summary>
/// <param name="Name"><c>gen0</c>, <c>gen1</c>, <c>gen2</c>, <c>loh</c> (large objects, 85,000 bytes and over) or <c>poh</c> (pinned objects).</param>
/// <param name="SizeBeforeBytes"><see cref="GCGenerationInfo.SizeBeforeBytes"/>: its size when the last GC started.</param>
/// <param name="SizeAfterBytes"><see cref="GCGenerationInfo.SizeAfterBytes"/>: its size when the last GC ended.</param>
/// <param name="FragmentationBeforeBytes"><see cref="GCGenerationInfo.FragmentationBeforeBytes"/>: free space inside it when the last GC started.</param>
/// <param name="FragmentationAfterBytes"><see cref="GCGenerationInfo.FragmentationAfterBytes"/>: free space inside it when the last GC ended.</param>
/// <param name="Collections">
/// <see cref="GC.CollectionCount(int)"/>: collections of this generation since the process started (a gen-1 collection
/// also collects gen 0); <see langword="null"/> for <c>loh</c> and <c>poh</c>, which are collected with gen 2.
/// </param>
public sealed record GenerationStats(
    string Name,
    long SizeBeforeBytes,
    long SizeAfterBytes,
    long FragmentationBeforeBytes,
    long FragmentationAfterBytes,
    int? Collections);

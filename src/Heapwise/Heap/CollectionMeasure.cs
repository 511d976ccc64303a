namespace Heapwise.Heap;

/// <summary>One collection as read from a dump.</summary>
/// <param name="Count">Elements held.</param>
/// <param name="Capacity">Slots allocated.</param>
/// <param name="SlotBytes">Bytes per slot (entry and bucket for hash tables).</param>
/// <param name="Bytes">The object and the backing arrays it alone owns.</param>
/// <param name="HasPreviousChunk">For a StringBuilder chunk, whether earlier chunks hold more text.</param>
/// <param name="Storage">The address of its slot array (entries for hash tables), 0 when none is allocated.</param>
/// <param name="Companion">The address of a second slot array of the same length (a hash table's buckets, a sorted list's values), 0 when none.</param>
internal readonly record struct CollectionMeasure(long Count, long Capacity, long SlotBytes, long Bytes, bool HasPreviousChunk, ulong Storage, ulong Companion = 0);

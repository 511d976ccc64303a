namespace Heapwise.Heap;

/// <summary>Empty collections of one type (count 0).</summary>
/// <param name="Type">The collection type.</param>
/// <param name="Objects">How many are empty.</param>
/// <param name="Bytes">What they cost: each object plus the backing arrays it allocated (shared empty arrays not counted).</param>
public sealed record WasteEmptyRow(string Type, long Objects, long Bytes);

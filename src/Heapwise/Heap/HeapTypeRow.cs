namespace Heapwise.Heap;

/// <summary>One type's live objects in a snapshot.</summary>
/// <param name="Type">The type's name.</param>
/// <param name="Count">How many live objects of the type.</param>
/// <param name="ShallowBytes">Their own sizes added up.</param>
/// <param name="RetainedBytes">What would be freed if they all went: the retained sizes of those not retained by another object of the same type.</param>
public sealed record HeapTypeRow(string Type, long Count, long ShallowBytes, long RetainedBytes);

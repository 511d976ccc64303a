namespace Heapwise.Heap;

/// <summary>One of the objects that retain the most memory (a large subtree of the dominator tree).</summary>
/// <param name="ObjectNumber">The object's number in the snapshot.</param>
/// <param name="Address">Its address in the target.</param>
/// <param name="Type">Its type.</param>
/// <param name="ShallowBytes">Its own size.</param>
/// <param name="RetainedBytes">Its size plus everything only it keeps alive.</param>
/// <param name="RetainedObjects">How many objects it retains, itself included.</param>
/// <param name="Root">How it is held: the root kind at the start of its shortest path, with the static field's name for statics.</param>
public sealed record HeapRetainerRow(int ObjectNumber, ulong Address, string Type, long ShallowBytes, long RetainedBytes, long RetainedObjects, string Root);

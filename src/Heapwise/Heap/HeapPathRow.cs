namespace Heapwise.Heap;

/// <summary>Instances of a type that share one shortest reference path (as types) from a GC root.</summary>
/// <param name="Frames">The path, root first (<c>[static] s_cache</c>, then each type along it); the last frame is the instance's type.</param>
/// <param name="Count">How many instances have this path.</param>
/// <param name="Bytes">Their shallow sizes added up.</param>
/// <param name="ExampleAddress">The address of one of them.</param>
/// <param name="ExampleHops">How many references that one is from its root (runs of one type are one frame, so this can exceed the frame count).</param>
public sealed record HeapPathRow(IReadOnlyList<string> Frames, long Count, long Bytes, ulong ExampleAddress, int ExampleHops);

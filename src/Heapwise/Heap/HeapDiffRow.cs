namespace Heapwise.Heap;

/// <summary>How one type, or one reference path, changed between two snapshots.</summary>
/// <param name="Name">The type's name, or the path's frames joined with " → " (root first).</param>
/// <param name="CountBefore">Objects in the first snapshot.</param>
/// <param name="CountAfter">Objects in the second snapshot.</param>
/// <param name="BytesBefore">Shallow bytes in the first snapshot.</param>
/// <param name="BytesAfter">Shallow bytes in the second snapshot.</param>
public sealed record HeapDiffRow(string Name, long CountBefore, long CountAfter, long BytesBefore, long BytesAfter)
{
    /// <summary>Objects gained (negative: lost).</summary>
    public long CountDelta => CountAfter - CountBefore;

    /// <summary>Bytes gained (negative: freed).</summary>
    public long BytesDelta => BytesAfter - BytesBefore;
}

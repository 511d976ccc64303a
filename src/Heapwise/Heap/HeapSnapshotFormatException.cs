namespace Heapwise.Heap;

/// <summary>A file is not a valid Heapwise heap snapshot (wrong kind of file, truncated, corrupt or inconsistent).</summary>
public sealed class HeapSnapshotFormatException : HeapwiseException
{
    /// <summary>Creates the exception with a message that says what is wrong and what to do.</summary>
    public HeapSnapshotFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public HeapSnapshotFormatException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with a generic message.</summary>
    public HeapSnapshotFormatException() : base("The file is not a valid Heapwise heap snapshot.") { }
}

namespace Heapwise.Cli;

/// <summary>
/// Recording allocations failed (the process could not be attached to, launched or traced). A
/// <see cref="HeapwiseException"/> so it is reported like every expected failure, with its own exit code.
/// </summary>
internal sealed class CollectionFailedException : HeapwiseException
{
    /// <summary>Wraps the failure <paramref name="innerException"/> reported by the recorder, keeping its message.</summary>
    public CollectionFailedException(HeapwiseException innerException)
        : base(innerException?.Message ?? "recording failed.", innerException!)
    {
    }

    /// <summary>Creates the exception with a message that says what is wrong and what to do.</summary>
    public CollectionFailedException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public CollectionFailedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public CollectionFailedException() : base("recording allocations failed.")
    {
    }
}

namespace Heapwise;

/// <summary>
/// A failure the user can act on: its message is one sentence saying what is wrong and what to do,
/// fit to print as is. The CLI prints it without a stack trace and exits with a non-zero code.
/// </summary>
public class HeapwiseException : Exception
{
    /// <summary>Creates the exception with a message that says what is wrong and what to do.</summary>
    public HeapwiseException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public HeapwiseException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with a generic message; prefer the constructors that say what is wrong.</summary>
    public HeapwiseException() : base("Heapwise could not complete the operation.") { }
}

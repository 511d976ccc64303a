namespace Heapwise.Profiles;

/// <summary>
/// Thrown when bytes that should hold a pprof profile do not: not gzip, truncated, too large,
/// not a valid profile.proto message, or a message whose references do not resolve.
/// </summary>
public sealed class PprofFormatException : HeapwiseException
{
    /// <summary>Creates the exception with a message that says what is wrong.</summary>
    public PprofFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public PprofFormatException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with no message; prefer the constructors that say what is wrong.</summary>
    public PprofFormatException() : base("The data is not a valid pprof profile.") { }
}

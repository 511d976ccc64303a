namespace Heapwise.Benchstat;

/// <summary>A benchmark result file that cannot be read: the message names the file, the line where known, and what to fix.</summary>
public sealed class BenchmarkFormatException : HeapwiseException
{
    /// <summary>Creates the exception with a message that says where and what is wrong.</summary>
    public BenchmarkFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public BenchmarkFormatException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with a generic message; prefer the constructors that say what is wrong.</summary>
    public BenchmarkFormatException() : base("The benchmark results could not be read.") { }
}

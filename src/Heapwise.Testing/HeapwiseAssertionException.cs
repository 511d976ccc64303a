namespace Heapwise.Testing;

/// <summary>
/// A failed Heapwise assertion. Its message is the whole explanation (what was measured, what was expected and
/// where the difference comes from), so any test framework shows it as is: xunit, NUnit and MSTest all report an
/// unexpected exception as a failure with its message.
/// </summary>
/// <remarks>
/// Catch this type to handle every Heapwise assertion failure; the derived types carry the measurements.
/// It deliberately does not derive from a framework's own assertion type, so Heapwise.Testing depends on none.
/// </remarks>
public abstract class HeapwiseAssertionException : Exception
{
    /// <summary>Creates the exception with its full explanatory message.</summary>
    protected HeapwiseAssertionException(string message) : base(message) { }
}

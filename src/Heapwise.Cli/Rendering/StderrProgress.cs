namespace Heapwise.Cli.Rendering;

/// <summary>Prints each progress message on stderr as it comes, prefixed <c>heapwise: </c> (reports go to stdout, progress never does).</summary>
internal sealed class StderrProgress(TextWriter error) : IProgress<string>
{
    /// <inheritdoc/>
    public void Report(string value)
    {
        lock (error)
        {
            error.WriteLine("heapwise: " + value);
        }
    }
}

namespace Heapwise.Analysis;

/// <summary>
/// What a report entry stands for, as pprof's <c>-functions</c>, <c>-filefunctions</c>, <c>-files</c>
/// and <c>-lines</c>: frames that agree on the kept fields are one entry.
/// </summary>
public enum Granularity
{
    /// <summary>One entry per function name (pprof's default).</summary>
    Functions,

    /// <summary>One entry per function and source file: <c>main.f /src/main.go</c>.</summary>
    FileFunctions,

    /// <summary>One entry per source file: <c>/src/main.go</c>.</summary>
    Files,

    /// <summary>One entry per function and source line: <c>main.f /src/main.go:22</c>.</summary>
    Lines,
}

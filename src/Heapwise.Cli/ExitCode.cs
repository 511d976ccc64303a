namespace Heapwise.Cli;

/// <summary>
/// The exit codes of <c>heapwise</c>. <c>run</c> exits with its child's code instead when the child
/// ran, so scripts see the program's result.
/// </summary>
internal enum ExitCode
{
    /// <summary>The command did what was asked.</summary>
    Success = 0,

    /// <summary>The command line or an input was wrong: unknown option, missing file, bad duration, unknown sample index.</summary>
    BadInput = 1,

    /// <summary>A file is not a valid pprof profile or benchmark result file.</summary>
    ProfileFormat = 2,

    /// <summary>Recording allocations failed: the process could not be attached to or launched.</summary>
    CollectionFailed = 3,

    /// <summary><c>benchstat --fail-on-regression</c> found a metric significantly worse by more than the threshold.</summary>
    Regression = 4,

    /// <summary>The user interrupted the command before it had anything to write.</summary>
    Interrupted = 130,

    /// <summary>A bug in Heapwise: an unexpected exception (reported with its stack trace).</summary>
    InternalError = 70,
}

using System.Diagnostics;
using System.Globalization;
using Heapwise.Collection;

namespace Heapwise.Heap;

/// <summary>
/// What happened to the processes of a dump that failed: whether the target died, and whether its createdump, which
/// outlives it, still writes the file.
/// </summary>
internal static class DumpWriterProcesses
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Whether process <paramref name="processId"/> is gone or dying, waiting up to <paramref name="grace"/> for it to
    /// finish: a process closes its files (the diagnostics connection among them) before it becomes a zombie, so a
    /// connection that just broke can belong to a process still in the middle of exiting. A zombie (not yet reaped by
    /// its parent) counts as exited.
    /// </summary>
    public static bool HasExited(int processId, TimeSpan grace)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (!IsAlive(processId))
            {
                return true;
            }

            if (clock.Elapsed >= grace)
            {
                return false;
            }

            Thread.Sleep(Poll);
        }
    }

    /// <summary>
    /// Waits up to <paramref name="limit"/> until no process has <paramref name="dumpPath"/> on its command line. The
    /// runtime starts <c>createdump --name PATH</c> as a child; when the target dies or the request is cancelled it runs
    /// on, and could create the file after Heapwise deleted it. Linux only (elsewhere it returns at once).
    /// </summary>
    public static void WaitUntilNoneWrites(string dumpPath, TimeSpan limit)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        while (AnyWrites(dumpPath) && clock.Elapsed < limit)
        {
            Thread.Sleep(Poll);
        }
    }

    private static bool IsAlive(int processId)
    {
        if (!OperatingSystem.IsLinux())
        {
            return TargetProcess.IsRunning(processId);
        }

        // Gone (no stat file), a zombie or dead.
        return ProcStat.FieldsAfterName(string.Create(CultureInfo.InvariantCulture, $"/proc/{processId}/stat")) is [var state, ..]
            && state is not ("Z" or "X" or "x");
    }

    private static bool AnyWrites(string dumpPath)
    {
        string[] processes;
        try
        {
            processes = Directory.GetDirectories("/proc");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        foreach (string folder in processes)
        {
            if (!char.IsAsciiDigit(Path.GetFileName(folder)[0]))
            {
                continue;
            }

            try
            {
                // Arguments are NUL-separated; the path is one whole argument.
                string commandLine = File.ReadAllText(Path.Combine(folder, "cmdline"));
                if (commandLine.Contains("\0" + dumpPath + "\0", StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended meanwhile, or is not ours to read.
            }
        }

        return false;
    }
}

using System.Diagnostics;
using System.Globalization;

namespace Heapwise.Testing;

/// <summary>
/// Lists this process's OS threads. On Linux from <c>/proc/self/task</c>, with the names .NET gives them
/// (<c>comm</c>) and their state; elsewhere from <see cref="Process.Threads"/>, ids and states only.
/// </summary>
internal static class ProcessThreads
{
    private const string TaskDirectory = "/proc/self/task";

    /// <summary>The threads now; threads that end while being read are left out.</summary>
    public static List<OsThreadInfo> Snapshot()
    {
        if (OperatingSystem.IsLinux() && Directory.Exists(TaskDirectory))
        {
            var threads = new List<OsThreadInfo>();
            foreach (string directory in Directory.EnumerateDirectories(TaskDirectory))
            {
                if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int id) && Read(directory, id) is { } thread)
                {
                    threads.Add(thread);
                }
            }

            return threads;
        }

        using var process = Process.GetCurrentProcess();
        return [.. process.Threads.Cast<ProcessThread>().Select(t => new OsThreadInfo(t.Id, string.Empty, t.ThreadState.ToString()))];
    }

    private static OsThreadInfo? Read(string directory, int id)
    {
        try
        {
            string name = File.ReadAllText(Path.Combine(directory, "comm")).TrimEnd('\n');

            // stat is "tid (comm) S ...": the name may hold spaces and parentheses, so the state follows the last ')'.
            string stat = File.ReadAllText(Path.Combine(directory, "stat"));
            int close = stat.LastIndexOf(')');
            string state = close >= 0 && close + 2 < stat.Length ? stat[(close + 2)..].Split(' ', 2)[0] : string.Empty;
            return new OsThreadInfo(id, name, state);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // The thread ended while we read it.
        }
    }
}

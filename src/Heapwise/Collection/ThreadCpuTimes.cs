using System.Globalization;
using System.Runtime.InteropServices;

namespace Heapwise.Collection;

/// <summary>
/// CPU time (user plus system) each thread of a process has used, as the OS counts it: on Linux from
/// <c>/proc/PID/task/TID/stat</c>, in clock ticks (usually 10 ms). CPU profiles use it because the runtime sampler's
/// managed/external flag is not a reliable sign of running (see <see cref="CpuTraceContent"/>).
/// </summary>
internal static class ThreadCpuTimes
{
    private const int ClockTicksName = 2; // _SC_CLK_TCK on Linux

    private static readonly Lazy<long> TicksPerSecond = new(ReadTicksPerSecond);

    /// <summary>CPU time by OS thread id, or <see langword="null"/> where the OS does not tell (not Linux, not readable).</summary>
    public static Dictionary<int, TimeSpan>? Read(int processId)
    {
        string tasks = string.Create(CultureInfo.InvariantCulture, $"/proc/{processId}/task");
        if (!OperatingSystem.IsLinux() || TicksPerSecond.Value <= 0 || !Directory.Exists(tasks))
        {
            return null;
        }

        var times = new Dictionary<int, TimeSpan>();
        try
        {
            foreach (string task in Directory.EnumerateDirectories(tasks))
            {
                if (int.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out int thread) && Ticks(task) is { } ticks)
                {
                    times[thread] = TimeSpan.FromSeconds((double)ticks / TicksPerSecond.Value);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return times;
    }

    // utime and stime, the 12th and 13th fields after the command name.
    private static long? Ticks(string task) =>
        ProcStat.FieldsAfterName(Path.Combine(task, "stat")) is { Length: > 12 } fields
            && long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out long user)
            && long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out long system)
            ? user + system
            : null;

    private static long ReadTicksPerSecond()
    {
        try
        {
            return OperatingSystem.IsLinux() ? SysConf(ClockTicksName) : 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return 0;
        }
    }

    [DllImport("libc", EntryPoint = "sysconf")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern long SysConf(int name);
}

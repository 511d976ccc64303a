using System.Diagnostics;
using System.Globalization;

namespace Heapwise.Collection;

/// <summary>How a target process is named in a profile's comments: its id and command line where the OS tells it.</summary>
internal static class TargetProcess
{
    /// <summary>E.g. <c>process 1234 (dotnet app.dll --port 80)</c>.</summary>
    /// <exception cref="HeapwiseException">No process has id <paramref name="processId"/>.</exception>
    public static string Describe(int processId)
    {
        if (processId <= 0)
        {
            throw SessionErrors.NotFound(processId);
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            return string.Create(CultureInfo.InvariantCulture, $"process {processId} ({CommandLine(processId) ?? process.ProcessName})");
        }
        catch (ArgumentException)
        {
            throw SessionErrors.NotFound(processId);
        }
        catch (InvalidOperationException)
        {
            throw SessionErrors.NotFound(processId);
        }
    }

    /// <summary>E.g. <c>1234 (dotnet)</c>, for messages; only the id when the OS will not say more. Never throws.</summary>
    public static string IdAndName(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return string.Create(CultureInfo.InvariantCulture, $"{processId} ({process.ProcessName})");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return processId.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Whether process <paramref name="processId"/> exists and has not exited (false also when the OS will not say).</summary>
    public static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>The command line from /proc on Linux; <see langword="null"/> elsewhere or when unreadable.</summary>
    private static string? CommandLine(int processId)
    {
        try
        {
            string path = $"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/cmdline";
            if (!OperatingSystem.IsLinux() || !File.Exists(path))
            {
                return null;
            }

            string text = File.ReadAllText(path).TrimEnd('\0').Replace('\0', ' ');
            return text.Length == 0 ? null : text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

using System.Runtime.InteropServices;

namespace Heapwise.Collection;

/// <summary>
/// The operating system's id of the calling thread, as EventPipe puts it in each event's ThreadID: the in-process
/// profiler uses it to leave out what its own event-reading thread allocates.
/// </summary>
internal static class OsThread
{
    /// <summary>The OS thread id, or <see langword="null"/> on platforms where it cannot be read.</summary>
    public static int? CurrentId()
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                return GetTidLinux();
            }

            if (OperatingSystem.IsWindows())
            {
                return (int)GetCurrentThreadIdWindows();
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // An old C library without gettid: no exclusion, which the recording notes.
        }

        return null;
    }

    // DllImport rather than LibraryImport: the signatures are blittable, and LibraryImport would need unsafe code
    // enabled for the whole library.
    [DllImport("libc", EntryPoint = "gettid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetTidLinux();

    [DllImport("kernel32", EntryPoint = "GetCurrentThreadId")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
    private static extern uint GetCurrentThreadIdWindows();
}

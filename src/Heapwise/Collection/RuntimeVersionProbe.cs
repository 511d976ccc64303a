using System.Diagnostics;
using System.Reflection;

namespace Heapwise.Collection;

/// <summary>
/// Finds which .NET runtime a process runs, from the files it has loaded: the directory of coreclr
/// (<c>…/Microsoft.NETCore.App/10.0.12/libcoreclr.so</c>), or the version of the <c>System.Private.CoreLib.dll</c>
/// beside it for self-contained apps.
/// </summary>
/// <remarks>
/// The diagnostics client's process-info command would say it too, but it is internal in
/// Microsoft.Diagnostics.NETCore.Client; the loaded modules are public and work on a runtime suspended at startup.
/// </remarks>
internal static class RuntimeVersionProbe
{
    private static readonly string[] CoreClrNames = ["libcoreclr.so", "coreclr.dll", "libcoreclr.dylib"];

    /// <summary>The runtime version of process <paramref name="processId"/>, or <see langword="null"/> when it cannot be told.</summary>
    public static Version? Probe(int processId)
    {
        if (processId == Environment.ProcessId)
        {
            return Environment.Version;
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            foreach (ProcessModule module in process.Modules)
            {
                if (CoreClrNames.Contains(module.ModuleName, StringComparer.OrdinalIgnoreCase))
                {
                    return FromCoreClrPath(module.FileName);
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or System.ComponentModel.Win32Exception or NotSupportedException or UnauthorizedAccessException or IOException)
        {
            // Gone, not ours to inspect, or a platform without module lists: unknown.
        }

        return null;
    }

    /// <summary>The runtime version for a coreclr at <paramref name="coreClrPath"/>: its shared-framework folder name, else its CoreLib's version.</summary>
    internal static Version? FromCoreClrPath(string coreClrPath)
    {
        string? folder = Path.GetDirectoryName(coreClrPath);
        if (folder is null)
        {
            return null;
        }

        // Shared framework layout: the folder is the version, e.g. 10.0.12 or 10.0.0-rc.2.25502.107.
        string name = Path.GetFileName(folder);
        int dash = name.IndexOf('-', StringComparison.Ordinal);
        if (Version.TryParse(dash > 0 ? name[..dash] : name, out var version))
        {
            return version;
        }

        string coreLib = Path.Combine(folder, "System.Private.CoreLib.dll");
        try
        {
            return File.Exists(coreLib) ? AssemblyName.GetAssemblyName(coreLib).Version : null;
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

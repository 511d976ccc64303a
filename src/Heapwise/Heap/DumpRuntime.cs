using Microsoft.Diagnostics.Runtime;

namespace Heapwise.Heap;

/// <summary>Opens a dump with ClrMD and finds the runtime's data access library (DAC) to read its heap.</summary>
internal static class DumpRuntime
{
    /// <summary>Opens the .NET runtime in the dump at <paramref name="path"/>; the caller disposes both.</summary>
    /// <exception cref="HeapwiseException">The file is not a dump, holds no .NET runtime, or its DAC is not on this machine.</exception>
    public static (DataTarget Target, ClrRuntime Runtime) Open(string path)
    {
        DataTarget target;
        try
        {
            target = DataTarget.LoadDump(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or NotSupportedException or InvalidOperationException
            or ClrDiagnosticsException or ArgumentException)
        {
            string reason = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message.TrimEnd('.');
            throw new HeapwiseException($"cannot read dump '{path}': {reason}; give a core dump written by 'dotnet-dump collect' or createdump.", e);
        }

        try
        {
            var clr = target.ClrVersions.FirstOrDefault()
                ?? throw new HeapwiseException($"the dump '{path}' holds no .NET runtime: give a dump of a .NET process.");
            return (target, CreateRuntime(clr, path));
        }
        catch
        {
            target.Dispose();
            throw;
        }
    }

    private static ClrRuntime CreateRuntime(ClrInfo clr, string path)
    {
        try
        {
            return clr.CreateRuntime();
        }
        catch (Exception e) when (e is FileNotFoundException or ClrDiagnosticsException or InvalidOperationException)
        {
            // On Linux a dump written with DumpType.WithHeap lacks the runtime's image pages, so ClrMD reads its version
            // as 0.0 and finds no matching DAC (measured on .NET 10.0.12). The DAC beside the runtime the dump names is
            // the right one when the dump was written on this machine, which is how Heapwise writes them.
            string folder = Path.GetDirectoryName(clr.ModuleInfo.FileName) ?? string.Empty;
            string dac = Path.Combine(folder, DacFileName());
            if (!File.Exists(dac))
            {
                throw new HeapwiseException(
                    $"cannot read the heap in dump '{path}': its runtime's data access library ({dac}) is not on this machine; analyze the dump on the machine that wrote it.", e);
            }

            try
            {
                return clr.CreateRuntime(dac, ignoreMismatch: true);
            }
            catch (Exception inner) when (inner is FileNotFoundException or ClrDiagnosticsException or InvalidOperationException or IOException)
            {
                throw new HeapwiseException($"cannot read the heap in dump '{path}' with {dac} ({inner.Message.TrimEnd('.')}): analyze the dump on the machine that wrote it.", inner);
            }
        }
    }

    private static string DacFileName() =>
        OperatingSystem.IsWindows() ? "mscordaccore.dll" : OperatingSystem.IsMacOS() ? "libmscordaccore.dylib" : "libmscordaccore.so";
}

using System.Diagnostics;
using System.Globalization;
using Heapwise.Collection;
using Microsoft.Diagnostics.NETCore.Client;

namespace Heapwise.Heap;

/// <summary>
/// Waste analysis from a heap dump: heap-dump events carry no field values, so counts, capacities and string
/// contents are read from a dump the target's runtime writes of itself (createdump, through the diagnostics IPC
/// channel: no debugger attaches from here). The dump is deleted when the analysis ends, also when it fails or is
/// cancelled.
/// </summary>
public static class HeapDumpWaste
{
    // A dump holds the process's heap plus runtime data and modules: measured 73 MB for a process of 30 MB resident.
    private const long DumpOverheadBytes = 128L << 20;

    // How long a failed or cancelled dump waits for createdump to end, and a broken connection for the target to exit.
    private static readonly TimeSpan WriterGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(2);

    /// <summary>Writes a heap dump of process <paramref name="processId"/>, finds its waste and deletes the dump.</summary>
    /// <param name="processId">The .NET process; it is suspended while its runtime writes the dump.</param>
    /// <param name="options">Thresholds and the dump folder; defaults when <see langword="null"/>.</param>
    /// <param name="progress">Told what is happening, one sentence per step.</param>
    /// <param name="cancellationToken">Stops the analysis (the dump is deleted).</param>
    /// <exception cref="HeapwiseException">
    /// The process is not a running .NET process, exited during the dump, the folder has no room for the dump, or the dump cannot be read.
    /// </exception>
    public static async Task<HeapWaste> TakeAsync(int processId, WasteOptions? options = null, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= WasteOptions.Default;
        string folder = options.DumpFolder ?? Path.GetTempPath();
        if (!Directory.Exists(folder))
        {
            throw new HeapwiseException($"cannot write the heap dump: the folder '{folder}' does not exist; create it or choose another dump folder.");
        }

        string description = TargetProcess.Describe(processId);
        CheckRoom(processId, folder);
        string path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"heapwise-{processId}-{Guid.NewGuid():N}.dmp"));
        bool written = false;
        try
        {
            progress?.Report($"writing a heap dump of {description} to {folder} (the process is suspended meanwhile)...");
            var clock = Stopwatch.StartNew();
            await WriteDumpAsync(processId, path, folder, cancellationToken).ConfigureAwait(false);
            written = true;
            var writeTime = clock.Elapsed;
            long size = new FileInfo(path).Length;
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"dump written ({size:N0} bytes in {writeTime.TotalSeconds:0.##} s); analyzing it..."));
            clock.Restart();
            var waste = await Task.Run(() => Analyze(path, options, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
            return waste with { Dump = new HeapDumpCost(size, writeTime, clock.Elapsed) };
        }
        finally
        {
            if (!written)
            {
                // createdump outlives a target that died or a request that was cancelled: let it finish (or fail) first,
                // or it could create the file after it was deleted.
                DumpWriterProcesses.WaitUntilNoneWrites(path, WriterGrace);
            }

            TryDelete(path);
        }
    }

    /// <summary>Finds the waste in an existing dump file (which is left in place); the dump's write time is not known and reads as zero.</summary>
    /// <exception cref="HeapwiseException">The file is not a dump of a .NET process, or its runtime's data access library is not on this machine.</exception>
    public static HeapWaste AnalyzeFile(string path, WasteOptions? options = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= WasteOptions.Default;
        var clock = Stopwatch.StartNew();
        var waste = Analyze(path, options, progress, cancellationToken);
        return waste with { Dump = new HeapDumpCost(new FileInfo(path).Length, TimeSpan.Zero, clock.Elapsed) };
    }

    private static HeapWaste Analyze(string path, WasteOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var (target, runtime) = DumpRuntime.Open(path);
        using (target)
        using (runtime)
        {
            progress?.Report("dump opened; marking the objects its roots reach, then walking them for waste...");
            var walked = progress is null ? null : new Progress<long>(n => progress.Report(string.Create(CultureInfo.InvariantCulture, $"analyzed {n:N0} objects...")));
            return WasteAnalyzer.Analyze(runtime, options, walked, cancellationToken);
        }
    }

    private static async Task WriteDumpAsync(int processId, string path, string folder, CancellationToken cancellationToken)
    {
        try
        {
            await new DiagnosticsClient(processId).WriteDumpAsync(DumpType.WithHeap, path, WriteDumpFlags.None, cancellationToken).ConfigureAwait(false);
        }
        catch (ServerErrorException e)
        {
            // createdump's own error: the process exited, the disk filled up, or ptrace was refused.
            if (DumpWriterProcesses.HasExited(processId, ExitGrace))
            {
                throw ExitedDuringDump(processId, e);
            }

            // createdump's message spans lines ("Could not create output file '...': No space left on device (28)",
            // "Failure took 437ms"): a full disk is said plainly, anything else passed on in one line.
            if (e.Message.Contains("No space left on device", StringComparison.Ordinal))
            {
                throw new HeapwiseException($"Process {processId} could not write a heap dump to {folder}: the disk is full (No space left on device); free some space or choose another dump folder.", e);
            }

            string reason = string.Join(' ', e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.');
            throw new HeapwiseException(
                $"Process {processId} could not write a heap dump to {folder} ({reason}): check that the folder has room (a dump is about the process's memory) and that the container allows ptrace (createdump needs it).", e);
        }
        catch (Exception e) when (e is ServerNotAvailableException or UnsupportedCommandException or UnsupportedProtocolException
            or UnauthorizedAccessException or IOException or TimeoutException)
        {
            // A connection that broke mid-answer (EndOfStreamException) most often means the process died.
            if (DumpWriterProcesses.HasExited(processId, e is EndOfStreamException ? ExitGrace : TimeSpan.Zero))
            {
                throw ExitedDuringDump(processId, e);
            }

            if (e is IOException and not FileNotFoundException)
            {
                throw new HeapwiseException($"Process {processId} broke off the heap dump ({e.Message.TrimEnd('.')}): try again, and check the process's output for an error.", e);
            }

            throw SessionErrors.CannotStart(processId, e);
        }

        if (!File.Exists(path))
        {
            throw new HeapwiseException($"Process {processId} reported a heap dump written but {path} does not exist: check that the process and Heapwise see the same file system (containers) and try again.");
        }
    }

    private static HeapwiseException ExitedDuringDump(int processId, Exception cause) =>
        new($"Process {processId} exited during the heap dump: analyze a process that keeps running.", cause);

    private static void CheckRoom(int processId, string folder)
    {
        long needed;
        try
        {
            using var process = Process.GetProcessById(processId);
            needed = process.WorkingSet64 + DumpOverheadBytes;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw SessionErrors.NotFound(processId);
        }

        long free;
        try
        {
            free = new DriveInfo(Path.GetFullPath(folder)).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return; // Unknown: createdump reports a full disk itself.
        }

        if (free < needed)
        {
            throw new HeapwiseException(string.Create(CultureInfo.InvariantCulture,
                $"not enough room in {folder} for a heap dump of process {processId} (about {needed >> 20:N0} MB needed, {free >> 20:N0} MB free): free some space or choose another dump folder."));
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a dump still being written is unlinked and its space freed when createdump closes it.
        }
    }
}

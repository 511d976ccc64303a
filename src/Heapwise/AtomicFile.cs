namespace Heapwise;

/// <summary>
/// Writes a file through a temporary file in the same folder renamed into place, as
/// every file Heapwise writes is: a failure never leaves a half-written file behind.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Creates <paramref name="path"/> with what <paramref name="write"/> puts in the stream.</summary>
    /// <exception cref="HeapwiseException">The file cannot be written (missing folder, no permission, disk full).</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(write);
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath) ?? ".";
        string temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            string reason = e is DirectoryNotFoundException ? "the folder does not exist" : e.Message;
            throw new HeapwiseException($"cannot write '{path}': {reason}", e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
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
            // Best effort: the original error is the one worth reporting.
        }
    }
}

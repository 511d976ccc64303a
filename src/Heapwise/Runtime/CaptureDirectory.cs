using System.Globalization;

namespace Heapwise.Runtime;

/// <summary>
/// Where evidence captured when a memory rule fires goes: a folder holding at most <see cref="MaxFiles"/>
/// files and <see cref="MaxBytes"/> bytes of them (the oldest go first), with a cooldown per rule so a rule
/// that flaps does not fill the disk.
/// </summary>
public sealed class CaptureDirectory
{
    private readonly Dictionary<string, DateTimeOffset> _lastCapture = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Uses (and creates) <paramref name="path"/>.</summary>
    /// <exception cref="HeapwiseException">The folder cannot be created.</exception>
    public CaptureDirectory(string path, int maxFiles = 10, long maxBytes = 512L << 20, TimeSpan? cooldown = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFiles, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        try
        {
            Path = Directory.CreateDirectory(path).FullName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HeapwiseException($"cannot use '{path}' for captures: {e.Message.TrimEnd('.')}; give a folder you can write to.", e);
        }

        MaxFiles = maxFiles;
        MaxBytes = maxBytes;
        Cooldown = cooldown ?? TimeSpan.FromMinutes(5);
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>Most files kept.</summary>
    public int MaxFiles { get; }

    /// <summary>Most bytes kept.</summary>
    public long MaxBytes { get; }

    /// <summary>Least time between two captures for the same rule.</summary>
    public TimeSpan Cooldown { get; }

    /// <summary>
    /// A new file path for a capture of <paramref name="rule"/> at <paramref name="now"/>, e.g.
    /// <c>20261123-171500-leak.allocs.pb.gz</c>, or <see langword="null"/> while the rule's cooldown lasts.
    /// </summary>
    public string? TryReserve(string rule, string suffix, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_lastCapture.TryGetValue(rule, out var last) && now - last < Cooldown)
            {
                return null;
            }

            _lastCapture[rule] = now;
        }

        string stamp = now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        return System.IO.Path.Combine(Path, $"{stamp}-{rule}{suffix}");
    }

    /// <summary>The captures present, newest first.</summary>
    public IReadOnlyList<FileInfo> Files() =>
        [.. new DirectoryInfo(Path).EnumerateFiles().Where(f => !f.Name.StartsWith('.')).OrderByDescending(f => f.LastWriteTimeUtc).ThenByDescending(f => f.Name, StringComparer.Ordinal)];

    /// <summary>Deletes the oldest captures until at most <see cref="MaxFiles"/> files and <see cref="MaxBytes"/> bytes remain.</summary>
    public void Trim()
    {
        long bytes = 0;
        int count = 0;
        foreach (var file in Files())
        {
            count++;
            bytes += file.Length;
            if (count > 1 && (count > MaxFiles || bytes > MaxBytes)) // the newest stays, whatever its size
            {
                try
                {
                    file.Delete();
                }
                catch (IOException)
                {
                    // Being written or already gone: the next trim gets it.
                }
            }
        }
    }
}

using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Heapwise.Collection;

/// <summary>
/// Finds the source file and line of an IL offset in a method, from the module's portable PDB: embedded in the
/// assembly, or the file its debug directory names (looked for beside the assembly, then at the build path), and
/// only when the PDB's id matches the assembly's so a stale PDB never gives wrong lines.
/// </summary>
/// <remarks>
/// Reading PDBs with System.Reflection.Metadata (part of .NET) keeps this local and fast: TraceEvent's
/// SymbolReader would also consult symbol servers. Windows PDBs and modules without PDBs give no lines.
/// </remarks>
internal sealed class SourceLineResolver : IDisposable
{
    private readonly Dictionary<string, MetadataReaderProvider?> _pdbs = new(StringComparer.Ordinal);

    /// <summary>Number of modules whose PDB was found and opened.</summary>
    public int OpenedPdbCount => _pdbs.Values.Count(p => p is not null);

    /// <summary>The source location of IL offset <paramref name="ilOffset"/> in method <paramref name="methodToken"/>, or <see langword="null"/>.</summary>
    public SourceLocation? Resolve(string modulePath, int methodToken, int ilOffset)
    {
        if (ilOffset < 0 || (methodToken >> 24) != 0x06)
        {
            return null;
        }

        var reader = Open(modulePath)?.GetMetadataReader();
        int row = methodToken & 0xFFFFFF;
        if (reader is null || row == 0 || row > reader.MethodDebugInformation.Count)
        {
            return null;
        }

        var information = reader.GetMethodDebugInformation(MetadataTokens.MethodDebugInformationHandle(row));
        SequencePoint? best = null;
        foreach (var point in information.GetSequencePoints())
        {
            if (point.Offset > ilOffset)
            {
                break;
            }

            if (!point.IsHidden)
            {
                best = point;
            }
        }

        if (best is not { } found)
        {
            return null;
        }

        var document = reader.GetDocument(found.Document);
        return new SourceLocation(reader.GetString(document.Name), found.StartLine);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var provider in _pdbs.Values)
        {
            provider?.Dispose();
        }

        _pdbs.Clear();
    }

    private MetadataReaderProvider? Open(string modulePath)
    {
        if (_pdbs.TryGetValue(modulePath, out var known))
        {
            return known;
        }

        MetadataReaderProvider? provider = null;
        try
        {
            if (File.Exists(modulePath))
            {
                using var stream = File.OpenRead(modulePath);
                using var pe = new PEReader(stream);
                pe.TryOpenAssociatedPortablePdb(modulePath, OpenIfExists, out provider, out _);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException or InvalidOperationException)
        {
            // A module we cannot read just has no lines; the frame keeps its name.
            provider = null;
        }

        _pdbs[modulePath] = provider;
        return provider;
    }

    private static FileStream? OpenIfExists(string path) => File.Exists(path) ? File.OpenRead(path) : null;
}

/// <summary>A source file and 1-based line.</summary>
internal readonly record struct SourceLocation(string File, int Line);
